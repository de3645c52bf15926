import { Workbook } from 'exceljs';
import type { ReportDto, ReportRowDto } from './dto/report.dto';
import { COUNT_KEYS, totalOf } from './report-columns';
import { reportCsv, reportXlsx } from './report-files';

// Fixed dates: a report as of the end of March 2021, written to files: no clock is read.

function row(code: string, name: string, base: number): ReportRowDto {
  const r = { code, name, kind: 'prefecture' } as ReportRowDto;
  COUNT_KEYS.forEach((key, i) => (r[key] = base + i));
  return r;
}

const rows = [row('01', '北海道', 1), row('02', 'A, "quoted"\nname', 10), row('03', '=HYPERLINK("x")', 100)];
const report: ReportDto = { asOf: '2021-03-31T14:59:59.000Z', generatedAt: '2021-04-01T00:00:00.000Z', source: 'test', rows, total: totalOf(rows) };

describe('report files', () => {
  it('totals every column as the sum of the rows', () => {
    for (const key of COUNT_KEYS) expect(report.total[key]).toBe(rows[0][key] + rows[1][key] + rows[2][key]);
    expect(report.total).toEqual(expect.objectContaining({ code: null, name: '合計', kind: 'total' }));
  });

  it('writes CSV as UTF-8 with a BOM, quoting where needed and defusing formulas', () => {
    const text = reportCsv(report).toString('utf8');
    expect(text.startsWith('\uFEFFCode,Name,Kind,Local governments,')).toBe(true);
    expect(text).toContain('\r\n01,北海道,prefecture,1,2,3,');
    expect(text).toContain('\r\n02,"A, ""quoted""\nname",prefecture,10,');
    expect(text).toContain(`\r\n03,"'=HYPERLINK(""x"")",prefecture,100,`);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.trimEnd().split('\r\n').at(-1)).toBe(`,合計,total,${COUNT_KEYS.map((key) => report.total[key]).join(',')}`);
  });

  it('writes one XLSX sheet per table with numbers as numbers', async () => {
    const workbook = new Workbook();
    // exceljs types its input as its own Buffer (an ArrayBuffer); a Node Buffer is what it reads.
    await workbook.xlsx.load((await reportXlsx(report, 'test')) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'By category', 'About']);
    const summary = workbook.getWorksheet('Summary')!;
    expect(summary.rowCount).toBe(5);
    expect(summary.getRow(2).values).toEqual([undefined, '01', '北海道', 'prefecture', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const byCategory = workbook.getWorksheet('By category')!;
    expect(byCategory.getRow(1).values).toEqual([undefined, 'Code', 'Name', 'Kind', 'Services', 'Consultation', 'Information', 'Reservation', 'Payment', 'Application', 'Health monitoring', 'Other']);
    expect(byCategory.getRow(5).getCell(4).value).toBe(report.total.services);
  });
});
