import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { LINE_2021_CASES } from '../seeds/line-2021-cases';
import { desiredFindingsCtes } from '../src/gaps/reconcile.sql';
import { severitySql } from '../src/gaps/gap-rules';
import { bearer, expectErrorBody, startApp, TestApp, tokenFor } from './support/app';
import { startWorker } from './support/worker';
import { resetAppConfig } from '../src/config/app-config';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';

// Fixed dates: March 2021, when the seed cases stopped: reports as of then read the history
// the seed data holds, the same on any day. 'Now' is taken from the clock.

/**
 * The JSON key behind each English CSV/XLSX header (lang=en): the published contract of the
 * reports. The Japanese files, the default, are tested in reports-ja.e2e-spec.ts.
 */
const HEADERS: [string, string][] = [
  ['Code', 'code'],
  ['Name', 'name'],
  ['Kind', 'kind'],
  ['Local governments', 'localGovernments'],
  ['Local governments with a LINE service', 'localGovernmentsWithLineService'],
  ['Services', 'services'],
  ['Planned', 'planned'],
  ['Postponed', 'postponed'],
  ['Active', 'active'],
  ['Suspended', 'suspended'],
  ['Discontinued', 'discontinued'],
  ['Handling personal data', 'handlingPersonalData'],
  ['Suspended with an alternative', 'suspendedWithAlternative'],
  ['No alternative: critical', 'noAlternativeCritical'],
  ['No alternative: high', 'noAlternativeHigh'],
  ['No alternative: medium', 'noAlternativeMedium'],
  ['No alternative: low', 'noAlternativeLow'],
  ['Impending no alternative', 'impendingNoAlternative'],
  ['Consultation', 'categoryConsultation'],
  ['Information', 'categoryInformation'],
  ['Reservation', 'categoryReservation'],
  ['Payment', 'categoryPayment'],
  ['Application', 'categoryApplication'],
  ['Health monitoring', 'categoryHealthMonitoring'],
  ['Other', 'categoryOther'],
  ['Stale records', 'staleRecords'],
  ['Handling confidential data', 'handlingConfidentialData'],
  ['Confidential data: not known', 'confidentialDataNotKnown'],
  ["Conversation data: LINE's servers", 'storageLineServers'],
  ["Conversation data: operator's system in Japan", 'storageOperatorSystemInJapan'],
  ['Conversation data: overseas', 'storageOverseas'],
  ['Conversation data: not known', 'storageUnknown'],
  ["Suspended (conversation data: LINE's servers)", 'suspendedStorageLineServers'],
  ["Suspended (conversation data: operator's system in Japan)", 'suspendedStorageOperatorSystemInJapan'],
  ['Suspended (conversation data: overseas)', 'suspendedStorageOverseas'],
  ['Suspended (conversation data: not known)', 'suspendedStorageUnknown'],
];
const STORAGE = { LineServers: 'line_servers', OperatorSystemInJapan: 'operator_system_in_japan', Overseas: 'overseas', Unknown: 'unknown' };
const KEY_OF = new Map(HEADERS);
const COUNT_KEYS = HEADERS.slice(3).map(([, key]) => key);

type Row = Record<string, string | number | null>;
interface Report {
  asOf: string;
  generatedAt: string;
  source: string;
  rows: Row[];
  total: Row;
}

/** Tests that fetch several reports, and retry when other suites write in between. */
const SLOW = 120_000;
const MARCH_END = '2021-03-31T23:59:59+09:00';
const MARCH_START = '2021-03-01T00:00:00+09:00';
const SAPPORO_CONSULTATIONS = ['子どもの悩み相談', '若者向け進路相談', '若者向け就職相談'];

/** Buffers any response body, so the CSV keeps its BOM and the XLSX its bytes. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

const cell = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** Header row + data rows as records keyed by the JSON keys. */
function keyed(table: unknown[][]): Row[] {
  const [header, ...rows] = table;
  const keys = header.map((h) => {
    const key = KEY_OF.get(String(h));
    if (!key) throw new Error(`unexpected header ${String(h)}`);
    return key;
  });
  return rows.map((row) => Object.fromEntries(keys.map((key, i) => [key, row[i] === undefined ? null : (row[i] as string | number | null)])));
}

/**
 * On a database of its own (a copy of the seeded test database): the report for now counts
 * every write in the country, and in the full run other suites wrote between every read.
 */
describe('reports (GET /v1/reports/national, /v1/reports/prefectures/:code)', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  const prefix = faultsPrefix('reports');
  let database: OwnDatabase;
  let t: TestApp;
  let ministry: string;
  let hokkaido: string;
  let osaka: string;
  let sapporo: string;
  let npo: string;

  beforeAll(async () => {
    database = await createOwnDatabase('reports');
    process.env.DATABASE_URL = database.url;
    // Queues of its own too: its worker must not take the other suites' jobs (their services are not in this database).
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    [ministry, hokkaido, osaka, sapporo, npo] = await Promise.all([
      tokenFor(t, 'ministry'),
      tokenFor(t, 'prefecture', '01'),
      tokenFor(t, 'prefecture', '27'),
      tokenFor(t, 'municipality', '011002'),
      tokenFor(t, 'npo'),
    ]);
  });
  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  });

  const get = (path: string, query: Record<string, string> = {}, token = ministry) => request(t.http).get(`/v1/reports/${path}`).query(query).set(bearer(token));

  async function json(path: string, asOf?: string, token = ministry): Promise<Report> {
    return (await get(path, asOf ? { asOf } : {}, token).expect(200).expect('Content-Type', /application\/json/)).body;
  }

  async function csv(path: string, asOf?: string): Promise<Row[]> {
    const res = await get(path, { ...(asOf ? { asOf } : {}), format: 'csv', lang: 'en' })
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'text/csv; charset=utf-8')
      .expect('Content-Disposition', /^attachment; filename="line-report-[a-z0-9-]+-\d{8}T\d{6}Z\.csv"$/);
    const bytes: Buffer = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    return keyed(parse(text.slice(1)) as string[][]);
  }

  async function xlsx(path: string, asOf?: string): Promise<Record<string, Row[]>> {
    const res = await get(path, { ...(asOf ? { asOf } : {}), format: 'xlsx', lang: 'en' })
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .expect('Content-Disposition', /^attachment; filename="line-report-[a-z0-9-]+-\d{8}T\d{6}Z\.xlsx"$/);
    const workbook = new Workbook();
    await workbook.xlsx.load(res.body);
    const sheets: Record<string, Row[]> = {};
    for (const name of ['Summary', 'By category', 'Data handling']) {
      const sheet = workbook.getWorksheet(name);
      if (!sheet) throw new Error(`no sheet ${name}`);
      const table: unknown[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row) => table.push((row.values as unknown[]).slice(1)));
      // Row 1 is the title (the report's name and time), row 2 the headers.
      expect(String(table[0][0])).toMatch(/^LINE services report \((national|prefecture-\d{2})\) as of \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} Japan time$/);
      sheets[name] = keyed(table.slice(1));
    }
    return sheets;
  }

  /**
   * Reads, does something, reads again, until both reads agree: other suites write services
   * from the other Jest worker, sometimes with undated or past changes that alter even a
   * report of 2021.
   */
  async function stable<T, U>(read: () => Promise<T>, meanwhile: () => Promise<U>, same: (a: T, b: T) => boolean = isDeepStrictEqual): Promise<[T, U]> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = await read();
      const result = await meanwhile();
      if (same(before, await read())) return [before, result];
    }
    throw new Error('the data kept changing under the test');
  }

  /** JSON, CSV and both XLSX sheets: the same rows, the same cells. */
  async function expectFormatsAgree(path: string, asOf?: string): Promise<Report> {
    const [report, [csvRows, sheets]] = await stable(
      () => json(path, asOf),
      () => Promise.all([csv(path, asOf), xlsx(path, asOf)]),
      (a, b) => isDeepStrictEqual([a.rows, a.total], [b.rows, b.total]),
    );
    const expected = [...report.rows, report.total];
    expect(csvRows).toHaveLength(expected.length);
    expect(Object.keys(csvRows[0])).toEqual(HEADERS.map(([, key]) => key));
    const sheetKeys = new Set(Object.values(sheets).flatMap((sheet) => Object.keys(sheet[0])));
    expect([...sheetKeys].sort()).toEqual(HEADERS.map(([, key]) => key).sort());
    expect(Object.keys(sheets['By category'][0])).toEqual(expect.arrayContaining(['categoryConsultation', 'categoryHealthMonitoring', 'categoryOther']));
    expect(Object.keys(sheets.Summary[0])).not.toContain('categoryConsultation');
    expect(Object.keys(sheets['Data handling'][0])).toEqual(expect.arrayContaining(['suspended', 'handlingConfidentialData', 'storageOperatorSystemInJapan', 'suspendedStorageOperatorSystemInJapan']));
    expect(Object.keys(sheets.Summary[0])).not.toContain('storageLineServers');
    for (const [i, row] of expected.entries()) {
      for (const [key, value] of Object.entries(row)) expect([key, cell(csvRows[i][key])]).toEqual([key, cell(value)]);
      for (const sheet of Object.values(sheets)) {
        expect(sheet).toHaveLength(expected.length);
        for (const [key, value] of Object.entries(sheet[i])) {
          expect([key, cell(value)]).toEqual([key, cell(row[key])]);
          if (typeof row[key] === 'number') expect(typeof value).toBe('number');
        }
      }
    }
    return report;
  }

  /**
   * The report's figures counted in the test's own SQL, straight from the tables: status
   * and existence from the timeline, channels by their validity, no_alternative and
   * impending_no_alternative (a scheduled stop with no channel then, or a stopped service's
   * channels running out while it is still stopped) by the rules' wording, and the severity split from
   * desiredFindingsCtes (the rule definition) at that time.
   */
  async function countedInSql(asOf: string, prefectureCode?: string): Promise<Record<string, Row>> {
    const group = prefectureCode
      ? `coalesce(lg.parent_code, s.local_government_code)::text`
      : `CASE WHEN s.national_body_code IS NOT NULL THEN 'national' WHEN s.organization_code IS NOT NULL THEN 'organizations' ELSE s.prefecture_code::text END`;
    const valid = (at: string) => `(c.valid_from IS NULL OR c.valid_from <= ${at}) AND (c.valid_until IS NULL OR c.valid_until > ${at})`;
    const sql = `WITH ${desiredFindingsCtes(null, '$1::timestamptz')},
       base AS MATERIALIZED (
         SELECT ${group} AS code, s.id, s.category, s.handles_personal_data, s.handles_confidential_data, s.conversation_data_storage,
                coalesce(lg.parent_code::text, s.operator_code) AS operator, now_.status,
                EXISTS (SELECT 1 FROM fallback_channels c WHERE c.service_id = s.id AND ${valid('$1::timestamptz')}) AS has_channel,
                EXISTS (SELECT 1 FROM status_changes a WHERE a.service_id = s.id AND a.status = 'active' AND a.withdrawn_at IS NULL
                                                       AND (a.effective_at IS NULL OR a.effective_at <= $1::timestamptz)) AS was_active,
                next_.effective_at AS next_stop,
                EXISTS (SELECT 1 FROM fallback_channels c WHERE c.service_id = s.id AND ${valid('next_.effective_at')}) AS covered_then,
                runs_out.at AS runs_out,
                then_.status AS status_then,
                EXISTS (SELECT 1 FROM status_changes a WHERE a.service_id = s.id AND a.status = 'active' AND a.withdrawn_at IS NULL
                                                       AND (a.effective_at IS NULL OR a.effective_at <= runs_out.at)) AS was_active_then,
                ${severitySql('s')} AS severity
           FROM line_services s
           LEFT JOIN local_governments lg ON lg.code = s.local_government_code
           JOIN LATERAL (SELECT sc.status FROM status_changes sc
                          WHERE sc.service_id = s.id AND sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= $1::timestamptz)
                          ORDER BY sc.effective_at DESC NULLS LAST, sc.id DESC LIMIT 1) now_ ON true
           LEFT JOIN LATERAL (SELECT sc.effective_at FROM status_changes sc
                               WHERE sc.service_id = s.id AND sc.withdrawn_at IS NULL AND sc.effective_at > $1::timestamptz AND sc.status IN ('suspended', 'discontinued')
                               ORDER BY sc.effective_at, sc.id LIMIT 1) next_ ON true
           -- The first instant after asOf when no channel is valid: the end of some channel
           -- when nothing else is valid (only asked of services with a channel valid at asOf).
           LEFT JOIN LATERAL (SELECT min(u.valid_until) AS at FROM fallback_channels u
                               WHERE u.service_id = s.id AND u.valid_until > $1::timestamptz
                                 AND NOT EXISTS (SELECT 1 FROM fallback_channels c WHERE c.service_id = s.id AND ${valid('u.valid_until')})) runs_out ON true
           LEFT JOIN LATERAL (SELECT sc.status FROM status_changes sc
                               WHERE sc.service_id = s.id AND sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= runs_out.at)
                               ORDER BY sc.effective_at DESC NULLS LAST, sc.id DESC LIMIT 1) then_ ON true
          WHERE ($2::text IS NULL OR s.prefecture_code = $2)
       ),
       flagged AS (
         SELECT *, (status = 'suspended' OR (status = 'discontinued' AND was_active)) AND NOT has_channel AS no_alternative,
                (status = 'active' AND next_stop IS NOT NULL AND NOT covered_then)
                OR ((status = 'suspended' OR (status = 'discontinued' AND was_active)) AND has_channel AND runs_out IS NOT NULL
                    AND (status_then = 'suspended' OR (status_then = 'discontinued' AND was_active_then))) AS impending
           FROM base
       ),
       rule AS (SELECT service_id, severity AS rule_severity FROM desired WHERE kind = 'no_alternative'),
       warned AS (SELECT service_id FROM desired WHERE kind = 'impending_no_alternative'),
       stale_findings AS (SELECT service_id FROM desired WHERE kind = 'stale_record')
       SELECT code,
              count(DISTINCT operator)::int AS "localGovernmentsWithLineService",
              count(*)::int AS services,
              count(*) FILTER (WHERE status = 'planned')::int AS planned,
              count(*) FILTER (WHERE status = 'postponed')::int AS postponed,
              count(*) FILTER (WHERE status = 'active')::int AS active,
              count(*) FILTER (WHERE status = 'suspended')::int AS suspended,
              count(*) FILTER (WHERE status = 'discontinued')::int AS discontinued,
              count(*) FILTER (WHERE handles_personal_data)::int AS "handlingPersonalData",
              count(*) FILTER (WHERE status = 'suspended' AND has_channel)::int AS "suspendedWithAlternative",
              count(*) FILTER (WHERE no_alternative AND severity = 'critical')::int AS "noAlternativeCritical",
              count(*) FILTER (WHERE no_alternative AND severity = 'high')::int AS "noAlternativeHigh",
              count(*) FILTER (WHERE no_alternative AND severity = 'medium')::int AS "noAlternativeMedium",
              count(*) FILTER (WHERE no_alternative AND severity = 'low')::int AS "noAlternativeLow",
              count(*) FILTER (WHERE impending)::int AS "impendingNoAlternative",
              count(*) FILTER (WHERE category = 'consultation')::int AS "categoryConsultation",
              count(*) FILTER (WHERE category = 'information')::int AS "categoryInformation",
              count(*) FILTER (WHERE category = 'reservation')::int AS "categoryReservation",
              count(*) FILTER (WHERE category = 'payment')::int AS "categoryPayment",
              count(*) FILTER (WHERE category = 'application')::int AS "categoryApplication",
              count(*) FILTER (WHERE category = 'health_monitoring')::int AS "categoryHealthMonitoring",
              count(*) FILTER (WHERE category = 'other')::int AS "categoryOther",
              count(st.service_id)::int AS "staleRecords",
              count(*) FILTER (WHERE handles_confidential_data)::int AS "handlingConfidentialData",
              count(*) FILTER (WHERE handles_confidential_data IS NULL)::int AS "confidentialDataNotKnown",
              ${Object.entries(STORAGE).map(([key, storage]) => `count(*) FILTER (WHERE conversation_data_storage = '${storage}')::int AS "storage${key}"`).join(', ')},
              ${Object.entries(STORAGE).map(([key, storage]) => `count(*) FILTER (WHERE status = 'suspended' AND conversation_data_storage = '${storage}')::int AS "suspendedStorage${key}"`).join(', ')},
              -- The rule definition agrees with the wording above, service by service.
              count(*) FILTER (WHERE no_alternative <> (r.service_id IS NOT NULL) OR r.rule_severity <> f.severity OR impending <> (w.service_id IS NOT NULL))::int AS disagreements
         FROM flagged f LEFT JOIN rule r ON r.service_id = f.id LEFT JOIN warned w ON w.service_id = f.id LEFT JOIN stale_findings st ON st.service_id = f.id
        GROUP BY code`;
    // One large statement, which the JIT compiler only slows down.
    const rows: Row[] = await t.db.transaction(async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return manager.query(sql, [asOf, prefectureCode ?? null]);
    });
    const lgs: Row[] = prefectureCode
      ? await t.db.query(`SELECT code::text, 1 AS n FROM local_governments WHERE prefecture_code = $1 AND kind <> 'designated_city_ward'`, [prefectureCode])
      : await t.db.query(`SELECT prefecture_code::text AS code, count(*) FILTER (WHERE kind <> 'designated_city_ward')::int AS n FROM local_governments GROUP BY 1
                          UNION ALL SELECT 'national', count(*)::int FROM national_bodies
                          UNION ALL SELECT 'organizations', count(*)::int FROM organizations`);
    const byCode: Record<string, Row> = {};
    for (const lg of lgs) {
      byCode[lg.code as string] = { localGovernments: lg.n, ...Object.fromEntries(COUNT_KEYS.slice(1).map((key) => [key, 0])) };
    }
    for (const { code, disagreements, ...counts } of rows) {
      expect([code, disagreements]).toEqual([code, 0]);
      byCode[code as string] = { ...byCode[code as string], ...counts };
    }
    return byCode;
  }

  /** The figures of each row by code, without its name and kind. */
  const figuresByCode = (report: Report) =>
    Object.fromEntries(report.rows.map(({ code, name: _name, kind: _kind, ...figures }) => [code as string, figures]));

  const rowOf = (report: Report, code: string) => {
    const row = report.rows.find((r) => r.code === code);
    if (!row) throw new Error(`no row ${code}`);
    return row as Record<string, number> & Row;
  };

  function expectTotalIsSum(report: Report): void {
    for (const key of COUNT_KEYS) {
      expect([key, report.total[key]]).toEqual([key, report.rows.reduce((sum, row) => sum + (row[key] as number), 0)]);
    }
    expect(report.total).toEqual(expect.objectContaining({ code: null, name: '合計', kind: 'total' }));
  }

  describe('national', () => {
    it('as of the end of March 2021: JSON, CSV and XLSX agree cell by cell, and the total is the sum of the rows', async () => {
      const report = await expectFormatsAgree('national', MARCH_END);
      expect(report.asOf).toBe('2021-03-31T14:59:59.000Z');
      expect(report.source).toBe('総務省「全国地方公共団体コード」; LINE 2021 cases');
      expect(Date.parse(report.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(report.rows.map((r) => r.code)).toEqual([...Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0')), 'national', 'organizations']);
      expect(report.rows[0]).toEqual(expect.objectContaining({ code: '01', name: '北海道', kind: 'prefecture' }));
      expect(report.rows[12]).toEqual(expect.objectContaining({ code: '13', name: '東京都' }));
      expect(report.rows[47]).toEqual(expect.objectContaining({ code: 'national', kind: 'national' }));
      expect(report.rows[48]).toEqual(expect.objectContaining({ code: 'organizations', name: '民間団体', kind: 'organization' }));
      expectTotalIsSum(report);
    }, SLOW);

    it('shows the March 2021 picture: Hokkaido\'s suspensions, the national bodies\' gaps', async () => {
      const report = await json('national', MARCH_END);
      const hokkaidoRow = rowOf(report, '01');
      // The prefecture's two services (from 25 Mar) and Sapporo's three consultations (from 26 Mar).
      expect(hokkaidoRow.suspended).toBeGreaterThanOrEqual(5);
      expect(hokkaidoRow.suspendedWithAlternative).toBeGreaterThanOrEqual(5);
      const [{ sapporo_suspended }] = await t.db.query(
        `SELECT count(*)::int AS sapporo_suspended FROM line_services s
          WHERE s.operator_code = '011002' AND s.name = ANY ($1)
            AND (SELECT sc.status FROM status_changes sc WHERE sc.service_id = s.id AND sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= $2)
                  ORDER BY sc.effective_at DESC NULLS LAST, sc.id DESC LIMIT 1) = 'suspended'`,
        [SAPPORO_CONSULTATIONS, MARCH_END],
      );
      expect(sapporo_suspended).toBe(3);

      const national = rowOf(report, 'national');
      expect(national.name).toBe('国の機関');
      expect(national.localGovernments).toBe(Number((await t.db.query(`SELECT count(*)::int AS n FROM national_bodies`))[0].n));
      // 法務省's human-rights consultation: suspended, no fallback stated, handles personal data.
      expect(national.noAlternativeHigh).toBeGreaterThanOrEqual(1);
      expect(national.noAlternativeCritical + national.noAlternativeHigh + national.noAlternativeMedium + national.noAlternativeLow).toBeGreaterThanOrEqual(5);
      // MHLW's health check went on by e-mail.
      expect(national.suspendedWithAlternative).toBeGreaterThanOrEqual(1);
      expect(national.categoryHealthMonitoring).toBeGreaterThanOrEqual(1);
      // 三重県's ice-age consultation: no fallback, handles personal data.
      expect(rowOf(report, '24').noAlternativeHigh).toBeGreaterThanOrEqual(1);
    });

    it('agrees with counts made in SQL, in the past and a few seconds ago', async () => {
      for (const asOf of [MARCH_END, MARCH_START, new Date(Date.now() - 5000).toISOString()]) {
        const [counted, report] = await stable(
          () => countedInSql(asOf),
          () => json('national', asOf),
        );
        expect(figuresByCode(report)).toEqual(counted);
        expectTotalIsSum(report);
      }
    }, SLOW);

    it('is as of now by default, and the formats still agree', async () => {
      const before = Date.now();
      const report = await expectFormatsAgree('national');
      expect(Date.parse(report.asOf)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(report.asOf)).toBeLessThanOrEqual(Date.now());
      expectTotalIsSum(report);
      // Every seeded 2021 service exists now.
      expect(report.total.services).toBeGreaterThanOrEqual(LINE_2021_CASES.length);
    }, SLOW);

    it('is for the ministry only', async () => {
      expectErrorBody((await request(t.http).get('/v1/reports/national').expect(401)).body, 401);
      for (const token of [npo, sapporo, hokkaido]) {
        expectErrorBody((await get('national', {}, token).expect(403)).body, 403);
        await get('national', { format: 'csv' }, token).expect(403);
      }
    });

    it('rejects a time without a zone, an unknown format and unknown fields', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ asOf: '2021-03-31T23:59:59' }, 'asOf'],
        [{ asOf: '2021-03-31' }, 'asOf'],
        [{ asOf: '2021-02-30T00:00:00+09:00' }, 'asOf'],
        [{ format: 'pdf' }, 'format'],
        [{ format: 'csv', lang: 'fr' }, 'lang'],
        [{ prefecture: '01' }, 'prefecture'],
      ];
      for (const [query, field] of cases) {
        const res = await get('national', query).expect(400);
        expectErrorBody(res.body, 400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
      }
    });
  });

  describe('prefecture', () => {
    it('has one row per local government, wards within their city, and its total is the prefecture\'s row of the national report', async () => {
      const [national, report] = await stable(
        () => json('national', MARCH_END),
        () => expectFormatsAgree('prefectures/01', MARCH_END),
        (a, b) => isDeepStrictEqual(a.rows, b.rows),
      );
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM local_governments WHERE prefecture_code = '01' AND kind <> 'designated_city_ward'`);
      expect(report.rows).toHaveLength(n);
      expect(report.rows[0]).toEqual(expect.objectContaining({ code: '010006', name: '北海道', kind: 'prefecture', localGovernments: 1 }));
      expect(report.rows.map((r) => r.code)).not.toContain('011011'); // 札幌市中央区 is counted in 札幌市
      expect(rowOf(report, '011002')).toEqual(expect.objectContaining({ name: '札幌市', kind: 'city', localGovernmentsWithLineService: 1 }));
      expect(rowOf(report, '011002').suspended).toBeGreaterThanOrEqual(3);
      expectTotalIsSum(report);
      const { code: _c, name: _n, kind: _k, ...figures } = report.total;
      const { code: _c2, name: _n2, kind: _k2, ...prefectureFigures } = rowOf(national, '01');
      expect(figures).toEqual(prefectureFigures);
    }, SLOW);

    it('agrees with counts made in SQL, in the past and a few seconds ago', async () => {
      for (const [code, asOf] of [
        ['01', MARCH_END],
        ['01', MARCH_START],
        ['27', MARCH_END],
        ['01', new Date(Date.now() - 5000).toISOString()],
        ['27', new Date(Date.now() - 5000).toISOString()],
      ]) {
        const [counted, report] = await stable(
          () => countedInSql(asOf, code),
          () => json(`prefectures/${code}`, asOf),
        );
        expect(figuresByCode(report)).toEqual(counted);
        expectTotalIsSum(report);
      }
    }, SLOW);

    it('counts Sapporo\'s consultation services as active on 1 March 2021, before their suspension', async () => {
      const sapporoOn = async (asOf: string) => rowOf(await json('prefectures/01', asOf), '011002');
      const [march1, march31] = await stable(
        () => sapporoOn(MARCH_START),
        () => sapporoOn(MARCH_END),
      );
      expect(march1.active).toBeGreaterThanOrEqual(5);
      expect(march1.active - march31.active).toBeGreaterThanOrEqual(3);
      expect(march31.suspended - march1.suspended).toBeGreaterThanOrEqual(3);
      expect(march1.categoryConsultation).toBe(march31.categoryConsultation);
      // The same in the national report, with the prefecture's own two suspensions of 25 Mar.
      const [nat1, nat31] = await Promise.all([json('national', MARCH_START), json('national', MARCH_END)]);
      expect(rowOf(nat31, '01').suspended - rowOf(nat1, '01').suspended).toBeGreaterThanOrEqual(5);
    }, SLOW);

    it('is for the ministry and that prefecture only', async () => {
      expectErrorBody((await request(t.http).get('/v1/reports/prefectures/01').expect(401)).body, 401);
      expect((await json('prefectures/01', MARCH_END, hokkaido)).rows.length).toBeGreaterThan(100);
      await get('prefectures/01', { format: 'xlsx' }, hokkaido).expect(200);
      for (const token of [osaka, sapporo, npo]) {
        expectErrorBody((await get('prefectures/01', {}, token).expect(403)).body, 403);
      }
      await get('prefectures/27', {}, osaka).expect(200);
    });

    it('rejects a code that is no prefecture, naming the field', async () => {
      for (const code of ['48', '00', '1', 'ab', '011002']) {
        const res = await get(`prefectures/${code}`).expect(400);
        expectErrorBody(res.body, 400);
        expect(res.body.details).toEqual([{ field: 'prefectureCode', message: expect.any(String) }]);
      }
      const res = await get('prefectures/01', { asOf: 'yesterday' }).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['asOf']);
    });
  });

  it('describes now from the engine\'s state with the same figures as the history gives, once the engine has caught up', async () => {
    const worker = await startWorker();
    try {
      let same = false;
      for (let attempt = 0; attempt < 5 && !same; attempt++) {
        await worker.engine.sweep();
        const fromState = await json('prefectures/01');
        const fromHistory = await json('prefectures/01', new Date().toISOString());
        same = JSON.stringify(fromState.rows) === JSON.stringify(fromHistory.rows);
        if (!same && attempt === 4) expect(fromState.rows).toEqual(fromHistory.rows);
      }
      expect(same).toBe(true);
    } finally {
      await worker.close();
    }
  });
});
