import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { bearer, createService, startApp, TestApp, tokenFor, unique } from './support/app';
import { saveEnv, sleep } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { randomServices, RandomOperator } from './support/random-services';
import { startWorker, TestWorker, waitFor } from './support/worker';

type Row = Record<string, string | number | null>;
interface Report {
  asOf: string;
  rows: Row[];
  total: Row;
}

const HOUR = 3_600_000;
const SECOND = 1000;
/** The reports compared: the national one, and those of the prefectures the data is in. */
const REPORTS = ['national', 'prefectures/01', 'prefectures/13', 'prefectures/27'];

/**
 * The report for now reads the figures the engine keeps per operator (report_counts); the
 * report as of a time recounts them from the history. Once the engine has caught up, the
 * two must be the same, figure by figure. In a database of the suite's own (copied from the
 * seeded template), so that no other suite writes meanwhile and the whole national report
 * can be compared; the sweep's scheduler is set far apart, so that what keeps the figures
 * here is the writes and the evaluations.
 */
describe('the report for now, from the counts the engine keeps, and the report from the history', () => {
  const restoreEnv = saveEnv(['QUEUE_PREFIX', 'DATABASE_URL', 'SWEEP_INTERVAL_MS']);
  const prefix = faultsPrefix('counts');
  let database: OwnDatabase;
  let t: TestApp;
  let worker: TestWorker;
  let ministry: string;
  let hokkaido: string;
  let osaka: string;
  let tokyo: string;

  beforeAll(async () => {
    database = await createOwnDatabase('counts');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    process.env.SWEEP_INTERVAL_MS = String(24 * HOUR);
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
    [ministry, hokkaido, osaka, tokyo] = await Promise.all([
      tokenFor(t, 'ministry'),
      tokenFor(t, 'prefecture', '01'),
      tokenFor(t, 'prefecture', '27'),
      tokenFor(t, 'prefecture', '13'),
    ]);
    // The template's seed services were never evaluated: the engine catches up first.
    await worker.engine.sweep();
  }, 60_000);
  afterAll(async () => {
    try {
      await worker?.close();
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  }, 30_000);

  const api = () => request(t.http);

  const json = async (path: string, asOf?: string): Promise<Report> =>
    (await api().get(`/v1/reports/${path}`).query(asOf ? { asOf } : {}).set(bearer(ministry)).expect(200)).body;
  const csv = async (path: string, asOf?: string): Promise<string> =>
    (await api().get(`/v1/reports/${path}`).query({ ...(asOf ? { asOf } : {}), format: 'csv' }).set(bearer(ministry)).buffer(true).expect(200)).text;

  /** Each report for now, and as of the instant after it was read, from the history. */
  async function nowAndHistory(path: string) {
    const now = await json(path);
    const nowCsv = await csv(path);
    const asOf = new Date().toISOString();
    return { now, nowCsv, history: await json(path, asOf), historyCsv: await csv(path, asOf), asOf };
  }

  /** Every report for now has the figures the history gives, in JSON and in CSV (which has no time in it). */
  async function expectNowIsHistory(context: Record<string, unknown> = {}): Promise<Record<string, Report>> {
    const reports: Record<string, Report> = {};
    for (const path of REPORTS) {
      const { now, nowCsv, history, historyCsv, asOf } = await nowAndHistory(path);
      const differing = now.rows.flatMap((row, i) => (JSON.stringify(row) === JSON.stringify(history.rows[i]) ? [] : [{ now: row, history: history.rows[i] }]));
      expect({ ...context, path, asOf, differing }).toEqual({ ...context, path, asOf, differing: [] });
      expect(now.rows).toEqual(history.rows);
      expect(now.total).toEqual(history.total);
      expect(nowCsv).toBe(historyCsv);
      reports[path] = now;
    }
    return reports;
  }

  /** The worker has done every evaluation the writes asked for (the outbox is empty). */
  const caughtUp = () =>
    waitFor(async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM evaluation_requests WHERE processed_at IS NULL`);
      return n === 0 ? true : undefined;
    }, 15_000);

  const counts = async () => t.db.query(`SELECT * FROM report_counts ORDER BY operator_code`);
  const rowOf = (report: Report, code: string) => report.rows.find((row) => row.code === code) as Record<string, number>;
  /** How each figure of a row changed. */
  const change = (after: Record<string, number>, before: Record<string, number>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, after[key] - before[key]]));

  const service = (token: string, operatorCode: string, overrides: Record<string, unknown> = {}) => createService(t, token, operatorCode, overrides);
  const changeStatus = async (token: string, serviceId: string, status: string, effectiveAt?: Date) =>
    (await api().post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status, effectiveAt: effectiveAt?.toISOString() }).expect(201)).body;
  const addChannel = async (token: string, serviceId: string, validity: { validFrom?: Date; validUntil?: Date } = {}, contact = '0120-000-000') =>
    (
      await api()
        .post(`/v1/services/${serviceId}/fallback-channels`)
        .set(bearer(token))
        .send({ kind: 'phone', label: unique('電話相談'), contact, hours: { type: 'always' }, validFrom: validity.validFrom?.toISOString(), validUntil: validity.validUntil?.toISOString() })
        .expect(201)
    ).body;

  it('agree on services written through the API: designated-city wards, national bodies, withdrawn and scheduled changes, edits, imports', async () => {
    const soon = new Date(Date.now() + 2 * HOUR);
    const past = new Date(Date.now() - 48 * HOUR);
    // 札幌市 and two of its wards (one row of the prefecture's report), 北海道 itself, a town.
    const sapporo = await service(hokkaido, '011002');
    const chuo = await service(hokkaido, '011011', { category: 'information', handlesPersonalData: false });
    const kita = await service(hokkaido, '011029', { initialStatus: { status: 'planned' } });
    const prefecture = await service(hokkaido, '010006', { category: 'reservation' });
    const [{ code: town }] = await t.db.query(`SELECT code::text FROM local_governments WHERE prefecture_code = '01' AND kind = 'town' ORDER BY code LIMIT 1`);
    const townService = await service(hokkaido, town, { initialStatus: { status: 'postponed' } });
    // Suspended with a valid channel, with one that expired, with none; discontinued after being active.
    await addChannel(hokkaido, sapporo.id);
    await addChannel(hokkaido, sapporo.id, { validFrom: new Date(Date.now() - 100 * HOUR), validUntil: past });
    await changeStatus(hokkaido, sapporo.id, 'suspended');
    await addChannel(hokkaido, chuo.id, { validFrom: new Date(Date.now() - 100 * HOUR), validUntil: past });
    await changeStatus(hokkaido, chuo.id, 'suspended');
    await changeStatus(hokkaido, prefecture.id, 'discontinued');
    // A scheduled suspension with no channel then (the warning), and one withdrawn.
    await changeStatus(hokkaido, townService.id, 'active');
    await changeStatus(hokkaido, townService.id, 'suspended', soon);
    const withdrawn = await changeStatus(hokkaido, kita.id, 'suspended', soon);
    await api().post(`/v1/services/${kita.id}/status-changes/${withdrawn.id}/withdraw`).set(bearer(hokkaido)).expect(200);
    // Edits of what has no history: category and personal data.
    await api().patch(`/v1/services/${prefecture.id}`).set(bearer(hokkaido)).send({ category: 'payment', handlesPersonalData: true }).expect(200);

    // National bodies, with the ministry's token.
    const mhlw = await service(ministry, 'mhlw', { category: 'health_monitoring' });
    await changeStatus(ministry, mhlw.id, 'suspended');
    const moj = await service(ministry, 'moj');
    await addChannel(ministry, moj.id, { validFrom: new Date(Date.now() + 5 * HOUR) });
    await changeStatus(ministry, moj.id, 'suspended');

    // 大阪府: a service of 大阪市 and one of its ward, stopped and given channels by an import.
    const osakaCity = await service(osaka, '271004');
    const miyakojima = await service(osaka, '271021', { category: 'application' });
    const tokyoService = await service(tokyo, '131016');
    const row = (cells: Record<string, string>) =>
      ['record_type', 'service_id', 'operator_code', 'service_name', 'status', 'effective_at', 'reason', 'source_url', 'kind', 'platform', 'label', 'contact', 'hours', 'notes', 'valid_from', 'valid_until']
        .map((column) => cells[column] ?? '')
        .join(',');
    const file = [
      'record_type,service_id,operator_code,service_name,status,effective_at,reason,source_url,kind,platform,label,contact,hours,notes,valid_from,valid_until',
      row({ record_type: 'status_change', service_id: osakaCity.id, status: 'suspended', effective_at: new Date(Date.now() - 1000).toISOString() }),
      row({ record_type: 'fallback_channel', service_id: osakaCity.id, kind: 'phone', label: '電話相談', contact: '06-1234-5678', hours: 'always' }),
      row({ record_type: 'status_change', service_id: miyakojima.id, status: 'discontinued', effective_at: new Date(Date.now() - 1000).toISOString() }),
    ].join('\r\n');
    await api().post('/v1/imports').set(bearer(osaka)).set('Content-Type', 'text/csv').send(Buffer.from(`${file}\r\n`, 'utf8')).expect(201);
    await changeStatus(tokyo, tokyoService.id, 'suspended');

    await caughtUp();
    const reports = await expectNowIsHistory();
    // Not vacuous: each kind of figure is there.
    const hokkaidoReport = reports['prefectures/01'];
    expect(rowOf(hokkaidoReport, '011002')).toEqual(expect.objectContaining({ localGovernmentsWithLineService: 1, suspended: expect.any(Number) }));
    expect(rowOf(hokkaidoReport, '011002').services).toBeGreaterThanOrEqual(3);
    expect(rowOf(hokkaidoReport, '011002').suspendedWithAlternative).toBeGreaterThanOrEqual(1);
    expect(rowOf(hokkaidoReport, '011002').planned).toBeGreaterThanOrEqual(1);
    expect(rowOf(hokkaidoReport, town)).toEqual(expect.objectContaining({ impendingNoAlternative: 1, active: 1 }));
    expect(rowOf(hokkaidoReport, '010006').categoryPayment).toBeGreaterThanOrEqual(1);
    const total = reports.national.total as Record<string, number>;
    for (const key of ['suspendedWithAlternative', 'noAlternativeCritical', 'noAlternativeHigh', 'impendingNoAlternative', 'discontinued', 'planned', 'postponed']) {
      expect([key, total[key] > 0]).toEqual([key, true]);
    }
    expect(rowOf(reports['prefectures/27'], '271004').services).toBeGreaterThanOrEqual(2);
  });

  it('agree on services written straight into the tables once the engine has evaluated them, many at once', async () => {
    const seed = Number(process.env.AGREEMENT_SEED ?? Date.now() % 100000);
    // Few operators, so that many evaluations recount the same one at the same time: wards
    // and their cities, a prefecture, towns, national bodies.
    const operators: RandomOperator[] = [
      ...(await t.db.query(`SELECT code::text, prefecture_code::text FROM local_governments WHERE code IN ('011002', '011011', '011029', '010006', '271004', '271021', '130001', '131016')`)),
      { code: 'mhlw', prefecture_code: null },
      { code: 'cao', prefecture_code: null },
    ];
    const before = await counts();
    const ids = await randomServices(t.db, seed, 150, operators);
    // The data-handling facts, varied by the services' ids (as random as they are), and some of
    // cao's services moved to an organisation.
    await t.db.query(`
      UPDATE line_services
         SET conversation_data_storage = (ARRAY['line_servers', 'operator_system_in_japan', 'overseas', 'unknown'])[1 + abs(hashtext(id::text)::bigint) % 4],
             handles_confidential_data = (ARRAY[true, false, NULL])[1 + abs(hashtext(id::text || 'c')::bigint) % 3]
       WHERE id = ANY($1::uuid[])`, [ids]);
    const organisation = `random_org_${seed}`;
    await t.db.query(`INSERT INTO organizations (code, name, legal_form) VALUES ($1, 'テスト用の団体', 'npo')`, [organisation]);
    await t.db.query(`UPDATE line_services SET national_body_code = NULL, organization_code = $2 WHERE id = ANY($1::uuid[]) AND national_body_code = 'cao'`, [ids, organisation]);
    // Written around the API: nothing has counted them yet.
    expect(await counts()).toEqual(before);

    await Promise.all(ids.map((id) => worker.engine.evaluate(id)));
    const kept = await counts();
    expect(kept).not.toEqual(before);
    const reports = await expectNowIsHistory({ seed });
    expect(rowOf(reports.national, 'organizations').services).toBeGreaterThan(0);

    // The sweep recounts every operator and finds nothing to change.
    await worker.engine.sweep();
    expect(await counts()).toEqual(kept);
    await expectNowIsHistory({ seed });
  });

  it('agree on the data-handling facts as edits change them, and on an organisation\'s services', async () => {
    const inJapan = await service(hokkaido, '011002', { handlesConfidentialData: true, conversationDataStorage: 'operator_system_in_japan' });
    const onLine = await service(hokkaido, '011011', { handlesConfidentialData: false, conversationDataStorage: 'line_servers' });
    const overseas = await service(hokkaido, '010006', { category: 'information' });
    await changeStatus(hokkaido, inJapan.id, 'suspended');
    await addChannel(hokkaido, onLine.id);
    await changeStatus(hokkaido, onLine.id, 'suspended');
    await api().patch(`/v1/services/${overseas.id}`).set(bearer(hokkaido)).send({ conversationDataStorage: 'overseas' }).expect(200);

    // An organisation's service, written with an npo token scoped to it, suspended with no
    // alternative: its gap counts in the organisations' row.
    const organisation = `counts_org_${Date.now().toString(36)}`;
    await api().post('/v1/organizations').set(bearer(ministry)).send({ code: organisation, name: 'テスト用の団体', legalForm: 'certified_npo', coverage: { nationwide: true } }).expect(201);
    const { token: npo } = await t.tokens.issue('npo', organisation, unique('test npo'));
    const organisationService = await service(npo, organisation, { audiences: ['youth'], conversationDataStorage: 'operator_system_in_japan' });
    await changeStatus(npo, organisationService.id, 'suspended');
    await caughtUp();
    const first = await expectNowIsHistory();
    const sapporo = rowOf(first['prefectures/01'], '011002');
    expect(sapporo.suspendedStorageOperatorSystemInJapan).toBeGreaterThanOrEqual(1);
    expect(sapporo.suspendedStorageLineServers).toBeGreaterThanOrEqual(1);
    expect(rowOf(first['prefectures/01'], '010006').storageOverseas).toBeGreaterThanOrEqual(1);
    const organisations = rowOf(first.national, 'organizations');
    expect(organisations.suspendedStorageOperatorSystemInJapan).toBeGreaterThanOrEqual(1);
    expect(organisations.noAlternativeCritical + organisations.noAlternativeHigh + organisations.noAlternativeMedium + organisations.noAlternativeLow).toBeGreaterThanOrEqual(1);
    for (const path of REPORTS.slice(1)) expect(first[path].rows.map((row) => row.code)).not.toContain('organizations');

    // An edit moves a suspended service's data from LINE's servers to Japan: both forms follow it.
    await api().patch(`/v1/services/${onLine.id}`).set(bearer(hokkaido)).send({ conversationDataStorage: 'operator_system_in_japan', handlesConfidentialData: true }).expect(200);
    await caughtUp();
    const second = rowOf((await expectNowIsHistory())['prefectures/01'], '011002');
    expect(change(second, sapporo, ['suspendedStorageLineServers', 'suspendedStorageOperatorSystemInJapan', 'handlingConfidentialData'])).toEqual({
      suspendedStorageLineServers: -1,
      suspendedStorageOperatorSystemInJapan: 1,
      handlingConfidentialData: 1,
    });
  });

  it('agree while many writes to one operator\'s services run at once', async () => {
    const services = await Promise.all(Array.from({ length: 12 }, () => service(osaka, '271004', { category: 'other' })));
    await Promise.all(services.map((s, i) => changeStatus(osaka, s.id, i % 3 === 0 ? 'discontinued' : 'suspended')));
    await Promise.all(services.filter((_, i) => i % 2 === 0).map((s) => addChannel(osaka, s.id)));
    await caughtUp();
    const reports = await expectNowIsHistory();
    expect(rowOf(reports['prefectures/27'], '271004').categoryOther).toBeGreaterThanOrEqual(12);
  });

  it('follow a suspended service\'s channels as they expire and start, through the engine\'s evaluations at those instants', async () => {
    const expiring = await service(osaka, '271004', { audiences: ['youth'] });
    const starting = await service(osaka, '271021', { category: 'information', handlesPersonalData: false });
    const firstEnd = new Date(Date.now() + 2 * SECOND);
    const lastEnd = new Date(Date.now() + 3 * SECOND);
    await addChannel(osaka, expiring.id, { validUntil: firstEnd });
    await addChannel(osaka, expiring.id, { validUntil: lastEnd }, '');
    await changeStatus(osaka, expiring.id, 'suspended');
    await changeStatus(osaka, starting.id, 'suspended');
    await addChannel(osaka, starting.id, { validFrom: firstEnd });
    await caughtUp();
    const before = rowOf((await expectNowIsHistory())['prefectures/27'], '271004');

    // After the last channel has expired and the worker has evaluated the service then (no sweep).
    const gapOpened = async () => {
      const rows = await t.db.query(`SELECT 1 FROM findings WHERE service_id = $1 AND kind = 'no_alternative' AND resolved_at IS NULL`, [expiring.id]);
      return rows.length ? true : undefined;
    };
    const gapClosed = async () => {
      const rows = await t.db.query(`SELECT 1 FROM findings WHERE service_id = $1 AND kind = 'no_alternative' AND resolved_at IS NOT NULL`, [starting.id]);
      return rows.length ? true : undefined;
    };
    await waitFor(gapOpened, lastEnd.getTime() - Date.now() + 5000);
    await waitFor(gapClosed, 5000);
    await sleep(50);
    const after = rowOf((await expectNowIsHistory())['prefectures/27'], '271004');
    // `expiring` went from a warning to a critical gap, `starting` out of its medium one; each
    // is still suspended, one with an alternative.
    expect(after.noAlternativeCritical - before.noAlternativeCritical).toBe(1);
    expect(after.noAlternativeMedium - before.noAlternativeMedium).toBe(-1);
    expect(after.impendingNoAlternative - before.impendingNoAlternative).toBe(-1);
    expect([after.suspended, after.suspendedWithAlternative]).toEqual([before.suspended, before.suspendedWithAlternative]);
  });
});
