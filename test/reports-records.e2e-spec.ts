import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { bearer, createService, startApp, TestApp, tokenFor, unique } from './support/app';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { startWorker, TestWorker, waitFor } from './support/worker';

// Times from the clock: the report is as of now, the stale record's last verification 400
// days before it (beyond the default staleness policy the suite runs with).

type Row = Record<string, string | number | null>;
interface Report {
  asOf: string;
  rows: Row[];
  total: Row;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The columns issue 14 added to the reports, and the English CSV header of each. */
const NEW_COLUMNS: [string, string][] = [
  ['staleRecords', 'Stale records'],
  ['handlingConfidentialData', 'Handling confidential data'],
  ['confidentialDataNotKnown', 'Confidential data: not known'],
  ['storageLineServers', "Conversation data: LINE's servers"],
  ['storageOperatorSystemInJapan', "Conversation data: operator's system in Japan"],
  ['storageOverseas', 'Conversation data: overseas'],
  ['storageUnknown', 'Conversation data: not known'],
  ['suspendedStorageLineServers', "Suspended (conversation data: LINE's servers)"],
  ['suspendedStorageOperatorSystemInJapan', "Suspended (conversation data: operator's system in Japan)"],
  ['suspendedStorageOverseas', 'Suspended (conversation data: overseas)'],
  ['suspendedStorageUnknown', 'Suspended (conversation data: not known)'],
];
const STORAGE_KEYS = ['storageLineServers', 'storageOperatorSystemInJapan', 'storageOverseas', 'storageUnknown'];

/** Buffers any response body, so the CSV keeps its BOM and the XLSX its bytes. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * On a database of its own (a copy of the seeded test database), so that the national
 * report changes only by what this suite writes; the sweep's scheduler set far apart, so
 * that the suite decides when the engine sweeps.
 */
describe('the national report as of now: data handling, stale records, the organisations\' row', () => {
  const restoreEnv = saveEnv(['QUEUE_PREFIX', 'DATABASE_URL', 'SWEEP_INTERVAL_MS', 'STALE_AFTER_DAYS', 'STALE_AFTER_DAYS_URGENT']);
  const prefix = faultsPrefix('records');
  let database: OwnDatabase;
  let t: TestApp;
  let worker: TestWorker;
  let ministry: string;
  let osaka: string;

  beforeAll(async () => {
    database = await createOwnDatabase('records');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    process.env.SWEEP_INTERVAL_MS = String(24 * HOUR);
    // The default stale policy (reports-stale-policy.e2e-spec.ts tries another).
    delete process.env.STALE_AFTER_DAYS;
    delete process.env.STALE_AFTER_DAYS_URGENT;
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
    [ministry, osaka] = await Promise.all([tokenFor(t, 'ministry'), tokenFor(t, 'prefecture', '27')]);
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

  const get = (path: string, query: Record<string, string> = {}) => api().get(`/v1/reports/${path}`).query(query).set(bearer(ministry));
  const json = async (path: string, asOf?: string): Promise<Report> => (await get(path, asOf ? { asOf } : {}).expect(200)).body;
  const rowOf = (report: Report, code: string) => {
    const row = report.rows.find((r) => r.code === code);
    if (!row) throw new Error(`no row ${code}`);
    return row as Record<string, number> & Row;
  };
  const figureKeys = (report: Report) => Object.keys(report.total).filter((key) => !['code', 'name', 'kind'].includes(key));
  /** How each figure of a row changed. */
  const change = (after: Row, before: Row, keys: string[]) => Object.fromEntries(keys.map((key) => [key, (after[key] as number) - (before[key] as number)]));

  const changeStatus = async (serviceId: string, status: string) =>
    api().post(`/v1/services/${serviceId}/status-changes`).set(bearer(osaka)).send({ status }).expect(201);

  /** An organisation covering the whole country and an active service of its own, created through the API with an npo token scoped to it. */
  async function organisationWithService(): Promise<{ code: string; serviceId: string }> {
    const code = `test_org_${Date.now().toString(36)}`;
    await api().post('/v1/organizations').set(bearer(ministry)).send({ code, name: 'テスト用の認定NPO法人', legalForm: 'certified_npo', coverage: { nationwide: true } }).expect(201);
    const { token: npo } = await t.tokens.issue('npo', code, unique('test npo'));
    const { id } = await createService(t, npo, code, {
      name: unique('テスト用のLINE相談（民間団体）'),
      audiences: ['youth'],
      handlesConfidentialData: true,
      conversationDataStorage: 'operator_system_in_japan',
    });
    return { code, serviceId: id };
  }

  /**
   * A service whose record was created 401 days ago and last verified 400 days ago, and whose
   * stale_record the engine's evaluation of it opened. A verification takes the clock: the
   * record is made old in SQL, its verification written into the history too, so that the
   * report as of a time sees the same last verification as the service row.
   */
  async function staleService(operatorCode: string): Promise<string> {
    const { id } = await createService(t, osaka, operatorCode, { category: 'information', audiences: ['general'], handlesPersonalData: false });
    // The evaluation its creation asked for done first, so that the one below is the one that finds it stale.
    await caughtUp();
    const verifiedAt = new Date(Date.now() - 400 * DAY);
    await t.db.query(`INSERT INTO service_verifications (service_id, method, verified_at, verified_by) VALUES ($1, 'phone_call', $2, 'test: aged')`, [id, verifiedAt]);
    await t.db.query(`UPDATE line_services SET created_at = $2::timestamptz - interval '1 day', last_verified_at = $2, last_verified_by = 'test: aged' WHERE id = $1`, [id, verifiedAt]);
    const open = async () => t.db.query(`SELECT details FROM findings WHERE service_id = $1 AND kind = 'stale_record' AND resolved_at IS NULL`, [id]);
    expect(await open()).toEqual([]);
    await worker.engine.evaluate(id);
    expect(await open()).toEqual([{ details: { lastVerifiedAt: verifiedAt.toISOString(), staleSince: new Date(verifiedAt.getTime() + 90 * DAY).toISOString(), policyDays: 90 } }]);
    return id;
  }

  /** The worker has done every evaluation the writes asked for (the outbox is empty). */
  function caughtUp(): Promise<boolean> {
    return waitFor(async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM evaluation_requests WHERE processed_at IS NULL`);
      return n === 0 ? true : undefined;
    }, 15_000);
  }

  /** Open stale_record findings per row of the national report, counted in SQL. */
  async function openStaleByRow(): Promise<Record<string, number>> {
    const rows: { code: string; n: number }[] = await t.db.query(`
      SELECT CASE WHEN s.national_body_code IS NOT NULL THEN 'national' WHEN s.organization_code IS NOT NULL THEN 'organizations' ELSE s.prefecture_code::text END AS code,
             count(*)::int AS n
        FROM findings f JOIN line_services s ON s.id = f.service_id
       WHERE f.kind = 'stale_record' AND f.resolved_at IS NULL
       GROUP BY 1`);
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  let before: Report;
  let after: Report;
  let organisation: string;

  beforeAll(async () => {
    before = await json('national');
    // 大阪市: a suspended service that keeps its conversation data in its own system in Japan
    // and handles confidential data, a suspended one on LINE's servers (confidential: not
    // known), and one whose record is stale.
    const inJapan = await createService(t, osaka, '271004', { handlesConfidentialData: true, conversationDataStorage: 'operator_system_in_japan' });
    await changeStatus(inJapan.id, 'suspended');
    const onLine = await createService(t, osaka, '271004', { conversationDataStorage: 'line_servers' });
    await changeStatus(onLine.id, 'suspended');
    ({ code: organisation } = await organisationWithService());
    await caughtUp();
    await staleService('271004');
    after = await json('national');
  }, 60_000);

  it('has the new columns, in JSON, and its total row is still the sum of the other rows', () => {
    const keys = figureKeys(after);
    expect(keys).toEqual(expect.arrayContaining(NEW_COLUMNS.map(([key]) => key)));
    for (const key of keys) {
      expect([key, after.total[key]]).toEqual([key, after.rows.reduce((sum, row) => sum + (row[key] as number), 0)]);
    }
    expect(after.total).toEqual(expect.objectContaining({ code: null, name: '合計', kind: 'total' }));
    // The suite's four services are in it, the organisation's too.
    expect(change(after.total, before.total, ['services', 'suspended'])).toEqual({ services: 4, suspended: 2 });
  });

  it('counts the data handling per row: confidential data, where conversation data is stored, and where the suspended services store it', () => {
    expect(change(rowOf(after, '27'), rowOf(before, '27'), ['services', 'suspended', 'handlingConfidentialData', 'confidentialDataNotKnown', ...STORAGE_KEYS, 'suspendedStorageLineServers', 'suspendedStorageOperatorSystemInJapan', 'suspendedStorageOverseas', 'suspendedStorageUnknown'])).toEqual({
      services: 3,
      suspended: 2,
      handlingConfidentialData: 1,
      confidentialDataNotKnown: 2,
      storageLineServers: 1,
      storageOperatorSystemInJapan: 1,
      storageOverseas: 0,
      storageUnknown: 1,
      suspendedStorageLineServers: 1,
      suspendedStorageOperatorSystemInJapan: 1,
      suspendedStorageOverseas: 0,
      suspendedStorageUnknown: 0,
    });
    // On every row, each service is stored in exactly one place, and each suspended one too.
    for (const row of [...after.rows, after.total] as Record<string, number>[]) {
      const stored = STORAGE_KEYS.reduce((sum, key) => sum + row[key], 0);
      const suspendedStored = STORAGE_KEYS.reduce((sum, key) => sum + row[`suspended${key[0].toUpperCase()}${key.slice(1)}`], 0);
      expect({ code: row.code, stored, suspendedStored }).toEqual({ code: row.code, stored: row.services, suspendedStored: row.suspended });
      expect(row.handlingConfidentialData + row.confidentialDataNotKnown).toBeLessThanOrEqual(row.services);
    }
  });

  it('counts the open stale_record findings per row', async () => {
    const open = await openStaleByRow();
    expect(open['27']).toBeGreaterThanOrEqual(1);
    for (const row of after.rows) expect([row.code, row.staleRecords]).toEqual([row.code, open[row.code as string] ?? 0]);
    expect(rowOf(after, '27').staleRecords - rowOf(before, '27').staleRecords).toBe(1);
  });

  it('counts the organisations\' services in a row of their own, after the national bodies', async () => {
    expect(after.rows.map((row) => row.code).slice(-2)).toEqual(['national', 'organizations']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM organizations`);
    const row = rowOf(after, 'organizations');
    expect(row).toEqual(expect.objectContaining({ name: '民間団体', kind: 'organization', localGovernments: n }));
    expect(change(row, rowOf(before, 'organizations'), ['localGovernments', 'localGovernmentsWithLineService', 'services', 'active', 'handlingPersonalData', 'handlingConfidentialData', 'storageOperatorSystemInJapan', 'categoryConsultation'])).toEqual({
      localGovernments: 1,
      localGovernmentsWithLineService: 1,
      services: 1,
      active: 1,
      handlingPersonalData: 1,
      handlingConfidentialData: 1,
      storageOperatorSystemInJapan: 1,
      categoryConsultation: 1,
    });
    const [counted] = await t.db.query(`SELECT * FROM report_counts WHERE operator_code = $1`, [organisation]);
    expect(counted).toEqual(expect.objectContaining({ organization_code: organisation, local_government_code: null, national_body_code: null, prefecture_code: null, services: 1 }));
  });

  it('leaves the organisations out of a prefecture\'s report, whose total is still the prefecture\'s row of the national report', async () => {
    const report = await json('prefectures/27');
    expect(report.rows.map((row) => row.code)).not.toContain('organizations');
    expect(report.rows.map((row) => row.kind)).not.toContain('organization');
    const { code: _c, name: _n, kind: _k, ...figures } = report.total;
    const { code: _c2, name: _n2, kind: _k2, ...national } = rowOf(after, '27');
    expect(figures).toEqual(national);
    expect(rowOf(report, '271004')).toEqual(expect.objectContaining({ suspendedStorageOperatorSystemInJapan: expect.any(Number), staleRecords: expect.any(Number) }));
    expect(rowOf(report, '271004').suspendedStorageOperatorSystemInJapan).toBeGreaterThanOrEqual(1);
  });

  it('carries the new columns and the organisations\' row in the CSV and the XLSX', async () => {
    const csv: Buffer = (await get('national', { format: 'csv', lang: 'en' }).buffer(true).parse(binary).expect(200)).body;
    const [header, ...lines] = parse(csv.toString('utf8').slice(1)) as string[][];
    expect(header.slice(-NEW_COLUMNS.length)).toEqual(NEW_COLUMNS.map(([, english]) => english));
    const organisations = lines.find((cells) => cells[0] === 'organizations')!;
    const row = rowOf(after, 'organizations');
    expect(organisations.slice(0, 3)).toEqual(['organizations', '民間団体', 'organization']);
    expect(organisations.slice(-NEW_COLUMNS.length)).toEqual(NEW_COLUMNS.map(([key]) => String(row[key])));
    expect(lines.at(-1)!.slice(-NEW_COLUMNS.length)).toEqual(NEW_COLUMNS.map(([key]) => String(after.total[key])));

    const book = new Workbook();
    await book.xlsx.load((await get('national', { format: 'xlsx' }).buffer(true).parse(binary).expect(200)).body);
    const sheet = book.getWorksheet('データの取扱い')!;
    const table: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (r) => table.push((r.values as unknown[]).slice(1)));
    expect(table[1]).toEqual(expect.arrayContaining(['停止中（保存先：自団体・委託先のシステム（国内））', '会話データ保存先：LINEのサーバー', '機密情報を扱う']));
    const osakaCells = table.find((cells) => cells[0] === '27')!;
    const column = (header: string) => (table[1] as string[]).indexOf(header);
    expect(osakaCells[column('停止中（保存先：自団体・委託先のシステム（国内））')]).toBe(rowOf(after, '27').suspendedStorageOperatorSystemInJapan);
    expect(table.find((cells) => cells[0] === 'organizations')!.slice(0, 3)).toEqual(['organizations', '民間団体', '民間団体']);
    const summary: unknown[][] = [];
    book.getWorksheet('集計')!.eachRow({ includeEmpty: true }, (r) => summary.push((r.values as unknown[]).slice(1)));
    expect(summary[1].at(-1)).toBe('確認期限切れ');
  });

  it('gives the same figures as of now from the history, once the engine has caught up', async () => {
    await caughtUp();
    const now = await json('national');
    const history = await json('national', new Date().toISOString());
    expect(now.rows).toEqual(history.rows);
    expect(now.total).toEqual(history.total);
    expect(rowOf(now, '27').staleRecords).toBe(rowOf(before, '27').staleRecords + 1);
    expect(rowOf(now, 'organizations').services).toBeGreaterThanOrEqual(1);
  });
});
