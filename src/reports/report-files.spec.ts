import { Workbook } from 'exceljs';
import type { ReportDto, ReportRowDto } from './dto/report.dto';
import { COUNT_COLUMNS, COUNT_KEYS, REPORT_COLUMNS, totalOf } from './report-columns';
import { displayWidth, reportCsv, reportFile, reportXlsx } from './report-files';

// Fixed dates: a report as of the end of March 2021, written to files: no clock is read.

function row(code: string, name: string, base: number, kind = 'prefecture'): ReportRowDto {
  const r = { code, name, kind } as ReportRowDto;
  COUNT_KEYS.forEach((key, i) => (r[key] = base + i));
  return r;
}

const rows = [row('01', '北海道', 1), row('02', 'A, "quoted"\nname', 10), row('03', '=HYPERLINK("x")', 1000), row('national', '国の機関', 5, 'national'), row('organizations', '民間団体', 7, 'organization')];
const report: ReportDto = { asOf: '2021-03-31T14:59:59.000Z', generatedAt: '2021-04-01T00:00:00.000Z', source: 'test', rows, total: totalOf(rows) };
const scope = { ja: '全国', en: 'national' };

/** The English headers of the files before they spoke Japanese: `lang=en` keeps them. */
const ENGLISH_SUMMARY = ['Code', 'Name', 'Kind', 'Local governments', 'Local governments with a LINE service', 'Services', 'Planned', 'Postponed', 'Active', 'Suspended', 'Discontinued', 'Handling personal data', 'Suspended with an alternative', 'No alternative: critical', 'No alternative: high', 'No alternative: medium', 'No alternative: low', 'Impending no alternative', 'Stale records'];
const ENGLISH_CATEGORY = ['Code', 'Name', 'Kind', 'Services', 'Consultation', 'Information', 'Reservation', 'Payment', 'Application', 'Health monitoring', 'Other'];
const ENGLISH_DATA = ['Code', 'Name', 'Kind', 'Services', 'Suspended', 'Handling personal data', 'Handling confidential data', 'Confidential data: not known', "Conversation data: LINE's servers", "Conversation data: operator's system in Japan", 'Conversation data: overseas', 'Conversation data: not known', "Suspended (conversation data: LINE's servers)", "Suspended (conversation data: operator's system in Japan)", 'Suspended (conversation data: overseas)', 'Suspended (conversation data: not known)'];
const JAPANESE_SUMMARY = ['コード', '名称', '区分', '団体数', 'LINEサービスのある団体数', 'サービス数', '導入予定', '延期', '稼働中', '停止中', '廃止', '個人情報を扱う', '代替手段のある停止', '代替手段のない停止(重大)', '代替手段のない停止(高)', '代替手段のない停止(中)', '代替手段のない停止(低)', '代替手段のない停止の予定', '確認期限切れ'];
const JAPANESE_CATEGORY = ['コード', '名称', '区分', 'サービス数', '相談', '情報発信', '予約', '支払い', '申請', '健康観察', 'その他'];
const JAPANESE_DATA = ['コード', '名称', '区分', 'サービス数', '停止中', '個人情報を扱う', '機密情報を扱う', '機密情報の扱い不明', '会話データ保存先：LINEのサーバー', '会話データ保存先：自団体・委託先のシステム（国内）', '会話データ保存先：国外', '会話データ保存先：不明', '停止中（保存先：LINEのサーバー）', '停止中（保存先：自団体・委託先のシステム（国内））', '停止中（保存先：国外）', '停止中（保存先：不明）'];

/**
 * Every header in the CSV's order: the columns before issue 14 (the summary's, then the
 * categories'), then those it added at the end (stale records, then the data handling), so
 * that a program reading the earlier columns by position still finds them.
 */
const allHeaders = (summary: string[], category: string[], data: string[]) => [...summary.slice(0, -1), ...category.slice(4), summary.at(-1)!, ...data.slice(6)];
const JAPANESE_ALL = allHeaders(JAPANESE_SUMMARY, JAPANESE_CATEGORY, JAPANESE_DATA);
const ENGLISH_ALL = allHeaders(ENGLISH_SUMMARY, ENGLISH_CATEGORY, ENGLISH_DATA);
/** The figures of row 01 (base 1: the n-th figure is n) on the summary sheet: the first 15, then stale records, the 23rd. */
const SUMMARY_FIGURES_01 = [...Array.from({ length: 15 }, (_, i) => i + 1), 23];

async function workbookOf(lang: 'ja' | 'en'): Promise<Workbook> {
  const workbook = new Workbook();
  // exceljs types its input as its own Buffer (an ArrayBuffer); a Node Buffer is what it reads.
  await workbook.xlsx.load((await reportXlsx(report, scope, lang)) as unknown as ArrayBuffer);
  return workbook;
}

const valuesOf = (values: unknown) => (values as unknown[]).slice(1);

describe('report files', () => {
  it('totals every column as the sum of the rows', () => {
    for (const key of COUNT_KEYS) expect(report.total[key]).toBe(rows.reduce((sum, r) => sum + r[key], 0));
    expect(report.total).toEqual(expect.objectContaining({ code: null, name: '合計', kind: 'total' }));
  });

  it('defines every column once, with a Japanese and an English header and definition', () => {
    expect(REPORT_COLUMNS.map((c) => c.text.header.ja)).toEqual(JAPANESE_ALL);
    expect(REPORT_COLUMNS.map((c) => c.text.header.en)).toEqual(ENGLISH_ALL);
    for (const { text } of REPORT_COLUMNS) {
      expect(text.definition.ja).toMatch(/^[^。]+。$/u);
      expect(text.definition.en).toMatch(/^[A-Z].*\.$/);
    }
    expect(new Set(REPORT_COLUMNS.map((c) => c.text.header.ja)).size).toBe(REPORT_COLUMNS.length);
  });

  it('writes CSV as UTF-8 with a BOM and Japanese headers and kinds, quoting where needed and defusing formulas', () => {
    const text = reportCsv(report, 'ja').toString('utf8');
    expect(text.startsWith(`\uFEFF${JAPANESE_ALL.join(',')}\r\n`)).toBe(true);
    expect(text).toContain('\r\n01,北海道,都道府県,1,2,3,');
    expect(text).toContain('\r\n02,"A, ""quoted""\nname",都道府県,10,');
    expect(text).toContain(`\r\n03,"'=HYPERLINK(""x"")",都道府県,1000,`);
    expect(text).toContain('\r\nnational,国の機関,国の機関,5,');
    expect(text).toContain('\r\norganizations,民間団体,民間団体,7,');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.trimEnd().split('\r\n').at(-1)).toBe(`,合計,合計,${COUNT_KEYS.map((key) => report.total[key]).join(',')}`);
  });

  it('writes the English CSV as before with lang=en', () => {
    const text = reportCsv(report, 'en').toString('utf8');
    expect(text.startsWith(`\uFEFF${ENGLISH_ALL.join(',')}\r\n`)).toBe(true);
    expect(text).toContain('\r\n01,北海道,prefecture,1,2,3,');
    expect(text.trimEnd().split('\r\n').at(-1)).toBe(`,合計,total,${COUNT_KEYS.map((key) => report.total[key]).join(',')}`);
  });

  it('writes a Japanese XLSX a director can read: title, frozen headers, fitting widths, #,##0 figures, a bold total, notes', async () => {
    const workbook = await workbookOf('ja');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['集計', '分野別', 'データの取扱い', '注記']);
    const summary = workbook.getWorksheet('集計')!;
    expect(summary.getCell('A1').value).toBe('LINEサービス集計表（全国） 令和3年3月31日 23:59 時点（2021年3月31日）');
    expect(summary.getCell('A1').font?.bold).toBe(true);
    expect(valuesOf(summary.getRow(2).values)).toEqual(JAPANESE_SUMMARY);
    expect(summary.views[0]).toEqual(expect.objectContaining({ state: 'frozen', xSplit: 2, ySplit: 2 }));
    expect(summary.rowCount).toBe(2 + rows.length + 1);
    expect(valuesOf(summary.getRow(3).values)).toEqual(['01', '北海道', '都道府県', ...SUMMARY_FIGURES_01]);
    for (let r = 3; r <= summary.rowCount; r++) {
      const bold = r === summary.rowCount;
      expect([r, summary.getRow(r).getCell(2).font?.bold ?? false, summary.getRow(r).getCell(4).font?.bold ?? false]).toEqual([r, bold, bold]);
      expect([r, summary.getRow(r).getCell(4).numFmt, summary.getRow(r).getCell(2).numFmt]).toEqual([r, '#,##0', undefined]);
    }
    expect(valuesOf(summary.lastRow!.values)).toEqual([undefined, '合計', '合計', ...COUNT_KEYS.filter((k) => COUNT_COLUMNS[k].tables.includes('summary')).map((k) => report.total[k])]);
    // Every column fits its header and its cells, Japanese characters counted double.
    JAPANESE_SUMMARY.forEach((header, i) => expect([header, summary.getColumn(i + 1).width! >= displayWidth(header)]).toEqual([header, true]));
    expect(summary.getColumn(5).width).toBeGreaterThanOrEqual(displayWidth('LINEサービスのある団体数'));
    expect(summary.getColumn(2).width).toBeGreaterThanOrEqual('=HYPERLINK("x")'.length);

    const byCategory = workbook.getWorksheet('分野別')!;
    expect(valuesOf(byCategory.getRow(2).values)).toEqual(JAPANESE_CATEGORY);
    expect(byCategory.lastRow!.getCell(4).value).toBe(report.total.services);
    expect(byCategory.lastRow!.getCell(4).font?.bold).toBe(true);

    const dataHandling = workbook.getWorksheet('データの取扱い')!;
    expect(valuesOf(dataHandling.getRow(2).values)).toEqual(JAPANESE_DATA);
    expect(valuesOf(dataHandling.lastRow!.values)).toEqual([undefined, '合計', '合計', ...COUNT_KEYS.filter((k) => COUNT_COLUMNS[k].tables.includes('dataHandling')).map((k) => report.total[k])]);
    expect(valuesOf(dataHandling.getRow(5).values).slice(0, 4)).toEqual(['03', '=HYPERLINK("x")', '都道府県', 1002]);
  });

  it('defines every column in the notes sheet, with the as-of time and the source', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const workbook = await workbookOf(lang);
      const notes = workbook.getWorksheet(lang === 'ja' ? '注記' : 'About')!;
      const lines = notes.getSheetValues().filter(Boolean).map((values) => valuesOf(values).map((v) => (v === undefined ? '' : String(v))));
      for (const { key, text } of REPORT_COLUMNS) expect(lines).toContainEqual([text.header[lang], text.definition[lang], key]);
      expect(lines).toContainEqual(lang === 'ja' ? ['基準日時', '令和3年3月31日 23:59 時点（2021年3月31日）'] : ['As of', '31 March 2021, 23:59 Japan time']);
      expect(lines).toContainEqual([lang === 'ja' ? '出典' : 'Source', 'test']);
    }
  });

  it('keeps the English headers and sheet names with lang=en', async () => {
    const workbook = await workbookOf('en');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'By category', 'Data handling', 'About']);
    const summary = workbook.getWorksheet('Summary')!;
    expect(summary.getCell('A1').value).toBe('LINE services report (national) as of 31 March 2021, 23:59 Japan time');
    expect(valuesOf(summary.getRow(2).values)).toEqual(ENGLISH_SUMMARY);
    expect(valuesOf(summary.getRow(3).values)).toEqual(['01', '北海道', 'prefecture', ...SUMMARY_FIGURES_01]);
    expect(valuesOf(workbook.getWorksheet('By category')!.getRow(2).values)).toEqual(ENGLISH_CATEGORY);
    expect(valuesOf(workbook.getWorksheet('Data handling')!.getRow(2).values)).toEqual(ENGLISH_DATA);
  });

  it('counts East Asian characters double when it measures a column', () => {
    expect(displayWidth('Services')).toBe(8);
    expect(displayWidth('サービス数')).toBe(10);
    expect(displayWidth('LINEサービス')).toBe(4 + 8);
    expect(displayWidth('代替手段のない停止(重大)')).toBe(9 * 2 + 1 + 4 + 1);
    expect(displayWidth('ＡＢＣ１２３')).toBe(12);
    expect(displayWidth('ｶﾅ')).toBe(2);
  });

  it('names the attachment in ASCII, and in UTF-8 too when it has a Japanese name', () => {
    const headers = (file: ReturnType<typeof reportFile>) => file.getHeaders();
    expect(headers(reportFile(Buffer.from('x'), 'text/csv', 'line-report-national.csv')).disposition).toBe('attachment; filename="line-report-national.csv"');
    expect(headers(reportFile(Buffer.from('x'), 'text/csv', 'line-report-national.csv', 'LINEサービス集計表（全国）_20210331-2359.csv')).disposition).toBe(
      `attachment; filename="line-report-national.csv"; filename*=UTF-8''LINE%E3%82%B5%E3%83%BC%E3%83%93%E3%82%B9%E9%9B%86%E8%A8%88%E8%A1%A8%EF%BC%88%E5%85%A8%E5%9B%BD%EF%BC%89_20210331-2359.csv`,
    );
  });
});
