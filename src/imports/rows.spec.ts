import { COLUMN_NAMES } from './columns';
import { readHeader, readRow } from './rows';
import type { CsvRecord } from './csv';

/** One data row (spreadsheet row 2) under a header of every column. */
function read(values: Partial<Record<(typeof COLUMN_NAMES)[number], string>>) {
  const record: CsvRecord = { row: 2, values: COLUMN_NAMES.map((c) => values[c] ?? '') };
  const { columns, errors } = readHeader([...COLUMN_NAMES], [record]);
  expect(errors).toEqual([]);
  return readRow(record, columns, COLUMN_NAMES.length);
}

const byName = { operator_code: '462012', service_name: '子どもの相談' };
const status = (extra: Record<string, string> = {}) => read({ record_type: 'status_change', ...byName, status: 'suspended', effective_at: '2021-03-26T00:00:00+09:00', ...extra });
const channel = (extra: Record<string, string> = {}) => read({ record_type: 'fallback_channel', ...byName, kind: 'postal', label: '窓口', ...extra });
const columnsAtFault = (result: ReturnType<typeof read>) => result.errors.map((e) => e.column);

describe('import rows: the clean-text rule on every cell', () => {
  it('takes Japanese text, and line breaks in reason, notes and hours', () => {
    expect(status({ reason: '安全確認のため\r\n一時停止（詳細は①を参照）😀' }).errors).toEqual([]);
    expect(channel({ label: '電話相談（ＬＩＮＥ）', contact: '大阪市北区中之島１－３－２０', notes: '平日のみ\n祝日は休み', hours: '{\n  "type": "always"\n}' }).errors).toEqual([]);
  });

  it.each([
    ['label', 'a line break', '窓口\n二行目'],
    ['label', 'NUL', '窓口\u0000'],
    ['contact', 'a tab', '大阪市\t北区'],
    ['platform', 'a bidi override', 'Teams\u202e'],
    ['notes', 'a C1 control', '備考\u0085'],
    ['reason', 'a non-character', '理由\ufdd0'],
    ['source_url', 'NUL', 'https://example.jp/\u0000'],
    ['source_url', 'a tab', 'https://example.jp/a\tb'],
    ['valid_from', 'a C0 control', '2021-04-01T00:00:00+09:00\u0007'],
  ])('refuses %s with %s, naming the column', (column, _what, value) => {
    const result = ['reason', 'source_url'].includes(column) ? status({ [column]: value }) : channel({ [column]: value });
    expect(result.draft).toBeNull();
    expect(columnsAtFault(result)).toContain(column);
  });

  it('reports a problem once, though the cell check and the contact check both find it', () => {
    const result = channel({ contact: '大阪市\u0001北区' });
    expect(result.errors).toEqual([{ row: 2, column: 'contact', message: 'must not contain control characters (U+0001 at character 4)' }]);
  });

  it('does not look up a service named with characters no service has (a NUL would not reach the database)', () => {
    const result = status({ service_name: '子ども\u0000の相談' });
    expect(result.ref).toBeNull();
    expect(columnsAtFault(result)).toEqual(['service_name']);
    expect(status().ref).toEqual({ serviceId: null, operatorCode: '462012', serviceName: '子どもの相談' });
  });
});

describe('import rows: hours as OSM opening_hours', () => {
  it('reads a cell an office wrote in a spreadsheet as the canonical hours', () => {
    const result = channel({ hours: 'Mo-Fr 09:00-17:00; PH off; Dec 29-Jan 03 off "年末年始"' });
    expect(result.errors).toEqual([]);
    expect(result.draft).toMatchObject({
      hours: {
        type: 'weekly',
        publicHolidays: 'closed',
        closures: [{ from: '12-29', to: '01-03', yearly: true, label: '年末年始' }],
      },
    });
    expect(channel({ hours: '24/7' }).draft).toMatchObject({ hours: { type: 'always' } });
  });

  it('names the hours column and what does not parse', () => {
    const result = channel({ hours: 'Mo-Fr 09:00-17:00; SH off' });
    expect(result.draft).toBeNull();
    expect(result.errors).toEqual([{ row: 2, column: 'hours', message: expect.stringContaining('rule 2 "SH off": school holidays (SH) have no one-to-one form') }]);
  });
});
