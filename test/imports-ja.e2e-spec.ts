import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import request from 'supertest';
import { bearer, createService, expectErrorBody, expectNothingStored, startApp, TestApp, tokenFor } from './support/app';

// Fixed dates: 2021-03-26 (令和3年3月26日), the day the seed cases' LINE services stopped,
// and 2021-04-01, when fallback channels opened: in the past, with data that records that
// past, so they cannot expire. Nothing here depends on the clock.

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The Japanese headers of the template, in its order. */
const HEADERS = ['記録の種類', 'サービスID', '運営団体コード', 'サービス名', '状態', '実施日時', '理由', '出典URL', '代替手段の種類', 'プラットフォーム', '表示名', '連絡先', '受付時間', '備考', '有効期間の開始', '有効期間の終了',
  '公開のお知らせ', '個人情報の取扱い', '機密情報の取扱い', '会話データの保存先', '移行先の種別', '移行先', '切替予定日', '停止予定日', '確認日', '確認方法', '確認元URL'] as const;
type Header = (typeof HEADERS)[number];
type Cell = ExcelJS.CellValue;
type Row = Partial<Record<Header, Cell>>;

/** 2021-03-26 09:00 as Excel's date cell holds it: the wall-clock time in the Date's UTC fields. */
const excelDate = (year: number, month: number, day: number, hour = 0, minute = 0) => new Date(Date.UTC(year, month - 1, day, hour, minute));

async function xlsx(rows: Row[], sheetName = '入力'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...HEADERS]);
  for (const row of rows) sheet.addRow(HEADERS.map((h) => row[h] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same rows as a CSV in Shift_JIS (as Excel saves "CSV (comma delimited)"), each cell as its text. */
function shiftJisCsv(rows: Record<string, string>[], headers: readonly string[] = HEADERS): Buffer {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const text = [headers.join(','), ...rows.map((row) => headers.map((h) => quote(row[h] ?? '')).join(','))].join('\r\n') + '\r\n';
  return iconv.encode(text, 'cp932');
}

/** A GET whose body is kept as bytes. */
function downloadBytes(t: TestApp, path: string) {
  return request(t.http)
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

describe('imports as Japanese offices fill them in (XLSX, Japanese headers, 和暦, Shift_JIS)', () => {
  let t: TestApp;
  let osaka: string;
  let hokkaido: string;

  const upload = (body: Buffer, contentType = XLSX_TYPE, query: Record<string, string> = {}) => request(t.http).post('/v1/imports').query(query).set(bearer(osaka)).set('Content-Type', contentType).send(body);
  /** What the import stored for the services: status changes and channels, without ids, in a stable order. */
  const stored = async (ids: string[]) => {
    const position = (id: string) => ids.indexOf(id);
    const changes: { service_id: string; status: string; effective_at: Date; reason: string | null; source_url: string | null }[] = await t.db.query(
      `SELECT service_id::text, status, effective_at, reason, source_url FROM status_changes WHERE service_id = ANY ($1::uuid[]) AND reason IS NOT NULL` /* the imported ones: the creation's has none */,
      [ids],
    );
    const channels: { service_id: string; kind: string; label: string; contact: string; hours: unknown; notes: string | null; valid_from: Date | null; valid_until: Date | null }[] = await t.db.query(
      `SELECT service_id::text, kind, label, contact, hours, notes, valid_from, valid_until FROM fallback_channels WHERE service_id = ANY ($1::uuid[])`,
      [ids],
    );
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      changes: changes.map((c) => ({ service: position(c.service_id), status: c.status, effectiveAt: iso(c.effective_at), reason: c.reason, sourceUrl: c.source_url })).sort((a, b) => a.service - b.service || a.effectiveAt!.localeCompare(b.effectiveAt!)),
      channels: channels.map((c) => ({ service: position(c.service_id), kind: c.kind, label: c.label, contact: c.contact, hours: c.hours, notes: c.notes, validFrom: iso(c.valid_from), validUntil: iso(c.valid_until) })).sort((a, b) => a.service - b.service || a.label.localeCompare(b.label)),
    };
  };

  beforeAll(async () => {
    t = await startApp();
    [osaka, hokkaido] = await Promise.all([tokenFor(t, 'prefecture', '27'), tokenFor(t, 'prefecture', '01')]);
  });
  afterAll(async () => {
    await t.close();
  });

  /**
   * The rows of an office's update for two services, as an XLSX with the cells Excel makes
   * (a date cell, a code typed as a number, a formula, rich text, a hyperlink, full-width
   * digits and ideographic spaces) and as the text the same cells show in a CSV.
   */
  function officeRows(first: { id: string; name: string }, second: { id: string; name: string }) {
    const xlsxRows: Row[] = [
      { 記録の種類: '状態変更', 運営団体コード: 271004, サービス名: first.name, 状態: '停止', 実施日時: '令和3年3月26日 9:00', 理由: 'LINE社の個人情報管理の問題を受けて一時停止', 出典URL: 'https://www.city.osaka.lg.jp/example/notice.html' },
      { 記録の種類: '状態変更', サービスID: second.id, 状態: '停止中', 実施日時: '2021/3/26 9:00', 理由: '利用停止のお知らせ' },
      { 記録の種類: '状態変更', サービスID: second.id, 状態: '稼働', 実施日時: excelDate(2021, 4, 5, 10, 30), 理由: { formula: '"安全確認後に"&"再開"', result: '安全確認後に再開' } },
      { 記録の種類: '代替手段', サービスID: first.id, 代替手段の種類: '電話', 表示名: '電話相談', 連絡先: '０６－１２３４－５６７８', 受付時間: '常時', 有効期間の開始: excelDate(2021, 4, 1) },
      {
        記録の種類: '\u3000代替手段\u3000',
        運営団体コード: '２７１００４',
        サービス名: first.name,
        代替手段の種類: 'ウェブサイト',
        表示名: { richText: [{ text: 'お知らせ' }, { font: { bold: true }, text: 'ページ' }] },
        連絡先: { text: 'https://www.city.osaka.lg.jp/example/', hyperlink: 'https://www.city.osaka.lg.jp/example/' },
        備考: '（平日のみ更新）',
        有効期間の開始: 'R3.4.1',
        有効期間の終了: '令和3年4月30日',
      },
    ];
    const csvRows: Record<string, string>[] = [
      { 記録の種類: '状態変更', 運営団体コード: '271004', サービス名: first.name, 状態: '停止', 実施日時: '令和3年3月26日 9:00', 理由: 'LINE社の個人情報管理の問題を受けて一時停止', 出典URL: 'https://www.city.osaka.lg.jp/example/notice.html' },
      { 記録の種類: '状態変更', サービスID: second.id, 状態: '停止中', 実施日時: '2021/3/26 9:00', 理由: '利用停止のお知らせ' },
      { 記録の種類: '状態変更', サービスID: second.id, 状態: '稼働', 実施日時: '2021/4/5 10:30', 理由: '安全確認後に再開' },
      { 記録の種類: '代替手段', サービスID: first.id, 代替手段の種類: '電話', 表示名: '電話相談', 連絡先: '０６－１２３４－５６７８', 受付時間: '常時', 有効期間の開始: '2021/4/1' },
      { 記録の種類: '\u3000代替手段\u3000', 運営団体コード: '２７１００４', サービス名: first.name, 代替手段の種類: 'ウェブサイト', 表示名: 'お知らせページ', 連絡先: 'https://www.city.osaka.lg.jp/example/', 備考: '（平日のみ更新）', 有効期間の開始: 'R3.4.1', 有効期間の終了: '令和3年4月30日' },
    ];
    return { xlsxRows, csvRows };
  }

  /** What both files must store, service 0 and 1 being the first and second service. */
  const EXPECTED = {
    changes: [
      { service: 0, status: 'suspended', effectiveAt: '2021-03-26T00:00:00.000Z', reason: 'LINE社の個人情報管理の問題を受けて一時停止', sourceUrl: 'https://www.city.osaka.lg.jp/example/notice.html' },
      { service: 1, status: 'suspended', effectiveAt: '2021-03-26T00:00:00.000Z', reason: '利用停止のお知らせ', sourceUrl: null },
      { service: 1, status: 'active', effectiveAt: '2021-04-05T01:30:00.000Z', reason: '安全確認後に再開', sourceUrl: null },
    ],
    channels: [
      // A date alone is 0:00 in Japan; in 有効期間の終了 it means through that day.
      { service: 0, kind: 'website', label: 'お知らせページ', contact: 'https://www.city.osaka.lg.jp/example/', hours: null, notes: '（平日のみ更新）', validFrom: '2021-03-31T15:00:00.000Z', validUntil: '2021-04-30T15:00:00.000Z' },
      { service: 0, kind: 'phone', label: '電話相談', contact: '06-1234-5678', hours: { type: 'always' }, notes: null, validFrom: '2021-03-31T15:00:00.000Z', validUntil: null },
    ],
  };

  describe('an XLSX with Japanese headers, 和暦 and 2021/3/26 9:00, and the same rows as a Shift_JIS CSV', () => {
    let xlsxServices: { id: string; name: string }[];
    let xlsxFile: Buffer;

    beforeAll(async () => {
      xlsxServices = [await createService(t, osaka, '271004'), await createService(t, osaka, '271004')];
      xlsxFile = await xlsx(officeRows(xlsxServices[0], xlsxServices[1]).xlsxRows);
    });

    it('is applied once: every cell read as the office meant it, in Japan time', async () => {
      const res = await upload(xlsxFile).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ format: 'xlsx', sheet: '入力', rows: 5, applied: { statusChanges: 3, fallbackChannels: 2, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 0 }));
      expect(await stored(xlsxServices.map((s) => s.id))).toEqual(EXPECTED);
    });

    it('applies nothing the second time (200), sent as application/octet-stream too', async () => {
      const before = await stored(xlsxServices.map((s) => s.id));
      const again = await upload(xlsxFile).expect(200);
      expect(again.body).toEqual(expect.objectContaining({ applied: { statusChanges: 0, fallbackChannels: 0, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 5, skippedRows: [2, 3, 4, 5, 6] }));
      const octets = await upload(xlsxFile, 'application/octet-stream').expect(200);
      expect(octets.body).toEqual(expect.objectContaining({ format: 'xlsx', skippedDuplicates: 5 }));
      expect(await stored(xlsxServices.map((s) => s.id))).toEqual(before);
    });

    it('stores the same from the same rows as a CSV in Shift_JIS', async () => {
      const services = [await createService(t, osaka, '271004'), await createService(t, osaka, '271004')];
      const file = shiftJisCsv(officeRows(services[0], services[1]).csvRows);
      const res = await upload(file, 'text/csv').expect(201);
      expect(res.body).toEqual(expect.objectContaining({ format: 'csv', encoding: 'shift_jis', sheet: null, applied: { statusChanges: 3, fallbackChannels: 2, serviceInfo: 0, verifications: 0 } }));
      expect(await stored(services.map((s) => s.id))).toEqual(EXPECTED);
      expect((await upload(file, 'text/csv').expect(200)).body.skippedDuplicates).toBe(5);
    });

    it('finds a Japanese date and the ISO 8601 one for the same instant the same row', async () => {
      const [first, second] = xlsxServices;
      const iso: Record<string, string>[] = [
        { record_type: 'status_change', service_id: first.id, status: 'suspended', effective_at: '2021-03-26T00:00:00Z', reason: 'LINE社の個人情報管理の問題を受けて一時停止', source_url: 'https://www.city.osaka.lg.jp/example/notice.html' },
        { record_type: 'status_change', service_id: second.id, status: 'active', effective_at: '2021-04-05T10:30:00+09:00', reason: '安全確認後に再開' },
      ];
      const english = ['record_type', 'service_id', 'status', 'effective_at', 'reason', 'source_url'];
      const res = await upload(shiftJisCsv(iso, english), 'text/csv').expect(200);
      expect(res.body).toEqual(expect.objectContaining({ applied: { statusChanges: 0, fallbackChannels: 0, serviceInfo: 0, verifications: 0 }, skippedDuplicates: 2 }));
    });
  });

  describe('a file with a bad 和暦 date and an unknown status', () => {
    it('names both rows in Japanese, by the headers the file has, and applies nothing', async () => {
      const service = await createService(t, osaka, '271004');
      const file = await xlsx([
        { 記録の種類: '状態変更', サービスID: service.id, 状態: '停止', 実施日時: '令和3年3月26日' }, // fine
        { 記録の種類: '状態変更', サービスID: service.id, 状態: '停止', 実施日時: '令和3年2月30日' },
        { 記録の種類: '状態変更', サービスID: service.id, 状態: '一時中断', 実施日時: '2021/3/26 9:00' },
        { 記録の種類: '状態変更', サービスID: service.id, 状態: '廃止', 実施日時: '平成32年1月1日' },
      ]);
      const res = await expectNothingStored(t.db, () => upload(file));
      expect(res.status).toBe(422);
      expectErrorBody(res.body, 422);
      expect(res.body.errors).toEqual([
        { row: 3, column: 'effective_at', header: '実施日時', message: 'has no such day: 令和3年2月30日', messageJa: '3行目の「実施日時」：令和3年2月30日という日はありません' },
        {
          row: 4,
          column: 'status',
          header: '状態',
          message: 'must be one of planned, postponed, active, suspended, discontinued (or 導入予定, 延期, 稼働中, 停止中, 廃止)',
          messageJa: '4行目の「状態」：「導入予定」「延期」「稼働中」「停止中」「廃止」のいずれかを書いてください（「一時中断」は使えません）',
        },
        {
          row: 5,
          column: 'effective_at',
          header: '実施日時',
          message: '平成32年1月1日 is after the 平成 era ended (2019-04-30): write 令和2年1月1日',
          messageJa: '5行目の「実施日時」：平成は平成31年4月30日（2019年4月30日）までです。平成32年1月1日は令和2年1月1日と書いてください',
        },
      ]);
      expect(res.body.details.map((d: { field: string; messageJa: string }) => [d.field, d.messageJa])).toEqual(res.body.errors.map((e: { row: number; column: string; messageJa: string }) => [`row ${e.row}: ${e.column}`, e.messageJa]));
      expect(res.body.messageJa).toMatch(/^4行のうち3行に、合わせて3件の誤りがあります。何も登録していません。3行目の「実施日時」/);
      const [{ changes }] = await t.db.query(`SELECT count(*)::int AS changes FROM status_changes WHERE service_id = $1`, [service.id]);
      expect(changes).toBe(1); // the service's creation

    });
  });

  describe('files that are not imports', () => {
    it('refuses an unknown sheet with a 400 naming sheet and listing the sheets', async () => {
      const file = await xlsx([{ 記録の種類: '状態変更' }]);
      const res = await upload(file, XLSX_TYPE, { sheet: 'Sheet1' }).expect(400);
      expectErrorBody(res.body, 400);
      expect(res.body.details).toEqual([{ field: 'sheet', message: 'the workbook has no sheet named "Sheet1"; its sheets: "入力"', messageJa: 'ブックに「Sheet1」という名前のシートはありません。シート: "入力"' }]);
      expect((await upload(Buffer.from('記録の種類\r\n状態変更\r\n'), 'text/csv', { sheet: '入力' }).expect(400)).body.details[0].field).toBe('sheet');
      expect((await upload(file, XLSX_TYPE, { encoding: 'shift_jis' }).expect(400)).body.details[0].field).toBe('encoding');
    });

    it('refuses a zip that is not a workbook, and a workbook over the body limit', async () => {
      const notXlsx = await upload(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)])).expect(400);
      expect(notXlsx.body.message).toMatch(/not an Excel workbook/);
      expect(notXlsx.body.messageJa).toMatch(/Excel ブック（\.xlsx）として読めません/);
      // The import's limit (IMPORT_BODY_LIMIT, 20 MB) holds for a workbook's Content-Type too.
      const huge = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(21 * 1024 * 1024)]);
      expectErrorBody((await upload(huge).expect(413)).body, 413);
    });
  });

  describe('the XLSX template', () => {
    const template = async () => {
      const res = await downloadBytes(t, '/v1/imports/template.xlsx').expect(200);
      expect(res.headers['content-type']).toBe(XLSX_TYPE);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as never);
      return { workbook, bytes: res.body as Buffer };
    };

    it('has the Japanese headers, frozen and bold, the 説明 sheet, text columns for codes and drop-down lists', async () => {
      const { workbook } = await template();
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['入力', '説明']);
      const sheet = workbook.getWorksheet('入力')!;
      expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS]);
      expect(sheet.getRow(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 1 }));
      expect(String(sheet.getCell('D2').value)).toMatch(/^（例）/);
      for (const header of ['サービスID', '運営団体コード'] as const) expect(sheet.getColumn(HEADERS.indexOf(header) + 1).numFmt).toBe('@');
      const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
      const letter = (header: Header) => sheet.getColumn(HEADERS.indexOf(header) + 1).letter;
      const lists: [Header, string[]][] = [
        ['状態', ['導入予定', '延期', '稼働中', '停止中', '廃止']],
        ['代替手段の種類', ['電話', 'メール', 'FAX', 'ウェブフォーム', '面談', '他のチャット', 'ウェブサイト', '郵送']],
        ['記録の種類', ['状態変更', '代替手段', 'サービス情報']],
        ['機密情報の取扱い', ['はい', 'いいえ', '不明']],
        ['会話データの保存先', ['LINEのサーバー', '自団体・委託先のシステム（国内）', '国外', '不明']],
        ['確認方法', ['電話で確認', 'ウェブサイトで確認', '公式の通知・発表', '運営者の自己申告']],
      ];
      for (const [header, words] of lists) {
        for (const row of [2, 1000]) {
          expect(validations[`${letter(header)}${row}`]).toEqual(expect.objectContaining({ type: 'list', formulae: [`"${words.join(',')}"`] }));
        }
      }
      const guide = workbook.getWorksheet('説明')!;
      const described = new Map<string, string[]>();
      guide.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1).map((v) => String(v ?? ''));
        if ((HEADERS as readonly string[]).includes(values[0])) described.set(values[0], values);
      });
      expect([...described.keys()]).toEqual([...HEADERS]);
      expect(described.get('状態')).toEqual(['状態', 'status', '「状態変更」の行で必須', '「状態変更」の行', expect.stringContaining('停止中'), expect.stringContaining('一覧から選べます')]);
      expect(described.get('実施日時')![5]).toContain('令和3年3月26日');
    });

    it('imports once filled in: the example row replaced, a code typed as a number, a date cell', async () => {
      const service = await createService(t, osaka, '271004');
      const northern = await createService(t, hokkaido, '010006');
      const { workbook } = await template();
      const sheet = workbook.getWorksheet('入力')!;
      const put = (row: number, values: Row) => {
        sheet.getRow(row).values = HEADERS.map((h) => values[h] ?? null);
        sheet.getRow(row).commit();
      };
      put(2, { 記録の種類: '状態変更', 運営団体コード: '271004', サービス名: service.name, 状態: '停止中', 実施日時: excelDate(2021, 3, 26, 9) });
      put(3, { 記録の種類: '代替手段', 運営団体コード: '271004', サービス名: service.name, 代替手段の種類: 'メール', 表示名: 'メール相談', 連絡先: 'soudan@example.jp', 受付時間: 'Mo-Fr 09:00-17:00; PH off' });
      // The leading 0 of 北海道's code lost, as when the cell's text format is cleared.
      put(4, { 記録の種類: '代替手段', 運営団体コード: 10006, サービス名: northern.name, 代替手段の種類: 'FAX', 表示名: 'FAX相談', 連絡先: '011-231-4111' });
      const filled = Buffer.from(await workbook.xlsx.writeBuffer());

      // A prefecture imports its own services only: Osaka's token is refused Hokkaido's row.
      const refused = await upload(filled).expect(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ row: 4, column: 'operator_code', header: '運営団体コード', messageJa: expect.stringMatching(/^4行目の「運営団体コード」：このトークン（27）の管轄外/) })]);

      put(4, {});
      const res = await upload(Buffer.from(await workbook.xlsx.writeBuffer())).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ format: 'xlsx', sheet: '入力', rows: 2, applied: { statusChanges: 1, fallbackChannels: 1, serviceInfo: 0, verifications: 0 } }));
      const shown = (await request(t.http).get(`/v1/services/${service.id}`).expect(200)).body;
      expect(shown.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'suspended', effectiveAt: '2021-03-26T00:00:00.000Z' })]));
      expect(shown.fallbackChannels).toEqual([expect.objectContaining({ kind: 'email', label: 'メール相談', contact: 'soudan@example.jp', hours: expect.objectContaining({ type: 'weekly', publicHolidays: 'closed' }) })]);

      put(2, {});
      put(3, {});
      put(4, { 記録の種類: '代替手段', 運営団体コード: 10006, サービス名: northern.name, 代替手段の種類: 'FAX', 表示名: 'FAX相談', 連絡先: '011-231-4111' });
      const own = await request(t.http).post('/v1/imports').set(bearer(hokkaido)).set('Content-Type', XLSX_TYPE).send(Buffer.from(await workbook.xlsx.writeBuffer())).expect(201);
      expect(own.body).toEqual(expect.objectContaining({ rows: 1, services: [northern.id] }));
    });
  });
});
