import { parse } from 'csv-parse/sync';
import { Workbook, Worksheet } from 'exceljs';
import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { bearer, createService, expectErrorBody, startApp, TestApp, tokenFor } from './support/app';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';

// Fixed dates: March 2021. The report as of the end of that month reads the seed's 2021
// history and a service this suite records through the API (active from 1 March, suspended
// from 20 March, no fallback channel): the same on any day.

const MARCH_END = '2021-03-31T23:59:59+09:00';

/** The Japanese headers of the summary sheet and the CSV, and the JSON key of each: what a prefecture official reads. */
const SUMMARY: [string, string][] = [
  ['コード', 'code'],
  ['名称', 'name'],
  ['区分', 'kind'],
  ['団体数', 'localGovernments'],
  ['LINEサービスのある団体数', 'localGovernmentsWithLineService'],
  ['サービス数', 'services'],
  ['導入予定', 'planned'],
  ['延期', 'postponed'],
  ['稼働中', 'active'],
  ['停止中', 'suspended'],
  ['廃止', 'discontinued'],
  ['個人情報を扱う', 'handlingPersonalData'],
  ['代替手段のある停止', 'suspendedWithAlternative'],
  ['代替手段のない停止(重大)', 'noAlternativeCritical'],
  ['代替手段のない停止(高)', 'noAlternativeHigh'],
  ['代替手段のない停止(中)', 'noAlternativeMedium'],
  ['代替手段のない停止(低)', 'noAlternativeLow'],
  ['代替手段のない停止の予定', 'impendingNoAlternative'],
  ['確認期限切れ', 'staleRecords'],
];
const BY_CATEGORY: [string, string][] = [
  ...SUMMARY.slice(0, 3),
  ['サービス数', 'services'],
  ['相談', 'categoryConsultation'],
  ['情報発信', 'categoryInformation'],
  ['予約', 'categoryReservation'],
  ['支払い', 'categoryPayment'],
  ['申請', 'categoryApplication'],
  ['健康観察', 'categoryHealthMonitoring'],
  ['その他', 'categoryOther'],
];
const DATA_HANDLING: [string, string][] = [
  ...SUMMARY.slice(0, 3),
  ['サービス数', 'services'],
  ['停止中', 'suspended'],
  ['個人情報を扱う', 'handlingPersonalData'],
  ['機密情報を扱う', 'handlingConfidentialData'],
  ['機密情報の扱い不明', 'confidentialDataNotKnown'],
  ['会話データ保存先：LINEのサーバー', 'storageLineServers'],
  ['会話データ保存先：自団体・委託先のシステム（国内）', 'storageOperatorSystemInJapan'],
  ['会話データ保存先：国外', 'storageOverseas'],
  ['会話データ保存先：不明', 'storageUnknown'],
  ['停止中（保存先：LINEのサーバー）', 'suspendedStorageLineServers'],
  ['停止中（保存先：自団体・委託先のシステム（国内））', 'suspendedStorageOperatorSystemInJapan'],
  ['停止中（保存先：国外）', 'suspendedStorageOverseas'],
  ['停止中（保存先：不明）', 'suspendedStorageUnknown'],
];
/** The CSV's columns: those before issue 14 keep their places, its columns (stale records, data handling) come last. */
const ALL_HEADERS = [...SUMMARY.slice(0, -1), ...BY_CATEGORY.slice(4), SUMMARY.at(-1)!, ...DATA_HANDLING.slice(6)];
/** The kinds of the national report's rows, as the Japanese files show them. */
const KIND_JA: Record<string, string> = { prefecture: '都道府県', national: '国の機関', organization: '民間団体', total: '合計', city: '市', town: '町', village: '村', ward: '特別区' };
const ENGLISH_SUMMARY_BEFORE = ['Code', 'Name', 'Kind', 'Local governments', 'Local governments with a LINE service', 'Services', 'Planned', 'Postponed', 'Active', 'Suspended', 'Discontinued', 'Handling personal data', 'Suspended with an alternative', 'No alternative: critical', 'No alternative: high', 'No alternative: medium', 'No alternative: low', 'Impending no alternative'];
const ENGLISH_SUMMARY = [...ENGLISH_SUMMARY_BEFORE, 'Stale records'];

type Row = Record<string, string | number | null>;
interface Report {
  asOf: string;
  rows: Row[];
  total: Row;
}

/** Buffers any response body, so the CSV keeps its BOM and the XLSX its bytes. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A sheet's rows as arrays of cell values (exceljs numbers its columns from 1). */
function tableOf(sheet: Worksheet): unknown[][] {
  const table: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => table.push((row.values as unknown[]).slice(1)));
  return table;
}

/**
 * On a database of its own (a copy of the seeded test database), so that no other suite's
 * service changes the figures between the JSON and the XLSX it compares.
 */
describe('reports in Japanese (format=csv|xlsx, lang=ja|en)', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  const prefix = faultsPrefix('reports-ja');
  let database: OwnDatabase;
  let t: TestApp;
  let ministry: string;
  let before: Report;

  beforeAll(async () => {
    database = await createOwnDatabase('reportsja');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    ministry = await tokenFor(t, 'ministry');
    const okinawa = await tokenFor(t, 'prefecture', '47');
    const [{ code }] = await t.db.query(`SELECT code::text FROM local_governments WHERE prefecture_code = '47' AND kind = 'prefecture'`);
    before = await json('national', { asOf: MARCH_END });
    const service = await createService(t, okinawa, code, {
      name: 'テスト用LINE相談（沖縄県）',
      category: 'consultation',
      handlesPersonalData: true,
      initialStatus: { status: 'active', effectiveAt: '2021-03-01T09:00:00+09:00' },
    });
    await request(t.http)
      .post(`/v1/services/${service.id}/status-changes`)
      .set(bearer(okinawa))
      .send({ status: 'suspended', effectiveAt: '2021-03-20T09:00:00+09:00', reason: '個人情報の取扱いを確認するまで停止' })
      .expect(201);
  }, 60_000);
  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  });

  const get = (path: string, query: Record<string, string>) => request(t.http).get(`/v1/reports/${path}`).query(query).set(bearer(ministry));

  async function json(path: string, query: Record<string, string>): Promise<Report> {
    return (await get(path, query).expect(200).expect('Content-Type', /application\/json/)).body;
  }

  async function file(path: string, query: Record<string, string>): Promise<request.Response> {
    return get(path, query).buffer(true).parse(binary).expect(200);
  }

  async function workbook(path: string, query: Record<string, string>): Promise<Workbook> {
    const res = await file(path, { ...query, format: 'xlsx' });
    const book = new Workbook();
    await book.xlsx.load(res.body);
    return book;
  }

  const rowOf = (report: Report, code: string) => report.rows.find((row) => row.code === code) as Record<string, number>;

  it('the national report XLSX as of 2021-03-31 has Japanese headers and the same numbers as the JSON report', async () => {
    const report = await json('national', { asOf: MARCH_END });
    const book = await workbook('national', { asOf: MARCH_END });
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['集計', '分野別', 'データの取扱い', '注記']);
    const expected = [...report.rows, report.total];
    for (const [name, headers] of [['集計', SUMMARY], ['分野別', BY_CATEGORY], ['データの取扱い', DATA_HANDLING]] as const) {
      const [, header, ...rows] = tableOf(book.getWorksheet(name)!);
      expect(header).toEqual(headers.map(([ja]) => ja));
      expect(rows).toHaveLength(expected.length);
      rows.forEach((cells, i) => {
        const json = expected[i];
        const fromSheet = Object.fromEntries(headers.map(([, key], c) => [key, cells[c] ?? null]));
        const fromJson = Object.fromEntries(headers.map(([, key]) => [key, key === 'kind' ? KIND_JA[json.kind as string] : json[key]]));
        expect({ sheet: name, row: i, ...fromSheet }).toEqual({ sheet: name, row: i, ...fromJson });
      });
    }
    // The figures are real ones: the seed's March 2021 and this suite's service in 沖縄県.
    expect(report.total.suspended).toBeGreaterThanOrEqual(5);
    const okinawa = rowOf(report, '47');
    const okinawaBefore = rowOf(before, '47');
    expect({ services: okinawa.services - okinawaBefore.services, suspended: okinawa.suspended - okinawaBefore.suspended, consultation: okinawa.categoryConsultation - okinawaBefore.categoryConsultation }).toEqual({ services: 1, suspended: 1, consultation: 1 });
    const noAlternative = (row: Record<string, number>) => row.noAlternativeCritical + row.noAlternativeHigh + row.noAlternativeMedium + row.noAlternativeLow;
    expect(noAlternative(okinawa) - noAlternative(okinawaBefore)).toBe(1);
  });

  it('is a document a director can read: a title in 和暦 and Gregorian, frozen headers, #,##0 figures, a bold total, fitting widths', async () => {
    const book = await workbook('national', { asOf: MARCH_END });
    for (const name of ['集計', '分野別', 'データの取扱い']) {
      const sheet = book.getWorksheet(name)!;
      const title = String(sheet.getCell('A1').value);
      expect(title).toContain('令和3年3月31日');
      expect(title).toContain('2021年3月31日');
      expect(title).toBe('LINEサービス集計表（全国） 令和3年3月31日 23:59 時点（2021年3月31日）');
      expect(sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 2 }));
      const last = sheet.rowCount;
      expect(sheet.getRow(last).getCell(2).value).toBe('合計');
      sheet.getRow(last).eachCell((cell) => expect(cell.font?.bold).toBe(true));
      expect(sheet.getRow(last - 1).getCell(4).font?.bold ?? false).toBe(false);
      expect(sheet.getRow(3).getCell(4).numFmt).toBe('#,##0');
      expect(sheet.getRow(last).getCell(4).numFmt).toBe('#,##0');
    }
    // LINEサービスのある団体数: 4 Latin letters and 10 wide characters, 24 columns.
    expect(book.getWorksheet('集計')!.getColumn(5).width).toBeGreaterThanOrEqual(24);
  });

  it('has a notes sheet that defines every column, with the as-of time and the source', async () => {
    const notes = tableOf((await workbook('national', { asOf: MARCH_END })).getWorksheet('注記')!).map((cells) => cells.map((value) => (value === undefined ? '' : String(value))));
    expect(notes).toContainEqual(['基準日時', '令和3年3月31日 23:59 時点（2021年3月31日）']);
    expect(notes).toContainEqual(['出典', '総務省「全国地方公共団体コード」; LINE 2021 cases']);
    expect(notes).toContainEqual(['見出し', '定義', 'JSONのキー']);
    for (const [header, key] of ALL_HEADERS) {
      const line = notes.find((cells) => cells[0] === header);
      expect(line).toEqual([header, expect.stringMatching(/^.{10,}。$/u), key]);
    }
  });

  it('writes the CSV in Japanese, UTF-8 with a BOM, named in Japanese with an ASCII fallback', async () => {
    const res = await file('national', { asOf: MARCH_END, format: 'csv' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="line-report-national-20210331T145959Z.csv"; filename*=UTF-8''${encodeURIComponent('LINEサービス集計表（全国）_20210331-2359.csv')}`,
    );
    const bytes: Buffer = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.toString('utf8').slice(1)) as string[][];
    expect(header).toEqual(ALL_HEADERS.map(([ja]) => ja));
    const report = await json('national', { asOf: MARCH_END });
    expect(rows.map((cells) => cells.slice(0, 4))).toEqual([...report.rows, report.total].map((row) => [row.code ?? '', row.name, KIND_JA[row.kind as string], String(row.localGovernments)]));
  });

  it('writes a prefecture\'s report in Japanese too, its local governments\' kinds in Japanese', async () => {
    const book = await workbook('prefectures/47', { asOf: MARCH_END });
    const sheet = book.getWorksheet('集計')!;
    expect(sheet.getCell('A1').value).toBe('LINEサービス集計表（沖縄県） 令和3年3月31日 23:59 時点（2021年3月31日）');
    const kinds = new Set(tableOf(sheet).slice(2).map((cells) => cells[2]));
    expect([...kinds].sort()).toEqual(['合計', '市', '村', '町', '都道府県'].sort());
  });

  it('gives the English headers and sheet names with lang=en', async () => {
    const book = await workbook('national', { asOf: MARCH_END, lang: 'en' });
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'By category', 'Data handling', 'About']);
    expect(tableOf(book.getWorksheet('Summary')!)[1]).toEqual(ENGLISH_SUMMARY);
    expect(tableOf(book.getWorksheet('Summary')!)[2].slice(0, 3)).toEqual(['01', '北海道', 'prefecture']);
    const csv = await file('national', { asOf: MARCH_END, format: 'csv', lang: 'en' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="line-report-national-20210331T145959Z.csv"');
    expect((csv.body as Buffer).toString('utf8')).toMatch(new RegExp(`^\\uFEFF${ENGLISH_SUMMARY_BEFORE.join(',')},Consultation,.*,Other,Stale records,Handling confidential data,`));
  });

  it('refuses a language other than ja and en, naming lang; JSON keys stay English whatever lang is', async () => {
    const queries: Record<string, string>[] = [{ lang: 'xx' }, { lang: 'JA' }, { lang: '' }, { lang: 'ja', format: 'xlsx', asOf: MARCH_END, extra: '1' }];
    for (const query of queries) {
      const res = await get('national', query).expect(400);
      expectErrorBody(res.body, 400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([query.lang === 'ja' ? 'extra' : 'lang']);
    }
    const [ja, en, none] = await Promise.all([json('national', { asOf: MARCH_END, lang: 'ja' }), json('national', { asOf: MARCH_END, lang: 'en' }), json('national', { asOf: MARCH_END })]);
    expect(Object.keys(ja.total)).toEqual(['code', 'name', 'kind', ...ALL_HEADERS.slice(3).map(([, key]) => key)]);
    expect([ja.rows, en.rows]).toEqual([none.rows, none.rows]);
  });
});
