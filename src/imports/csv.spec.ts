import iconv from 'iconv-lite';
import { COLUMN_NAMES, COLUMNS, templateCsv } from './columns';
import { decode, parseCsv } from './csv';
import { readHeader, readRow } from './rows';
import { FileProblem } from './sheet';

// Fixed date: 2021-03-26 in a row the parser must read as text, whatever the day.

describe('import CSV reading', () => {
  const text = 'record_type,service_id,label\r\nfallback_channel,x,電話相談①\r\n';

  it('detects UTF-8 with and without a byte-order mark, and Shift_JIS (cp932)', () => {
    expect(decode(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'utf-8' });
    expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ text, encoding: 'utf-8' });
    expect(decode(iconv.encode(text, 'cp932'))).toEqual({ text, encoding: 'shift_jis' });
    expect(decode(iconv.encode(text, 'cp932'), 'shift_jis')).toEqual({ text, encoding: 'shift_jis' });
  });

  it('refuses what it cannot read', () => {
    expect(() => decode(iconv.encode(text, 'cp932'), 'utf-8')).toThrow(FileProblem);
    expect(() => decode(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16/);
    expect(() => decode(Buffer.from([0x41, 0x0a, 0x82, 0xff]))).toThrow(/line 2/);
  });

  it('refuses a file with a UTF-8 byte-order mark whose bytes are not UTF-8, rather than reading U+FFFD', () => {
    // ED A0 80: a lone surrogate (U+D800) as its WTF-8 bytes; C3: a truncated sequence.
    for (const bad of [[0xed, 0xa0, 0x80], [0xc3]]) {
      expect(() => decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n'), Buffer.from(bad), Buffer.from(',x\n')]))).toThrow(/byte-order mark but is not valid UTF-8/);
    }
  });

  it('numbers rows as a spreadsheet does, blank rows and multi-line cells included', () => {
    const { header, records } = parseCsv('a,b\r\n\r\n1,"two\r\nlines"\r\n,\r\n3,4\r\n');
    expect(header).toEqual(['a', 'b']);
    expect(records).toEqual([
      { row: 3, values: ['1', 'two\r\nlines'] },
      { row: 5, values: ['3', '4'] },
    ]);
    expect(() => parseCsv('\r\n ,\r\n')).toThrow(/empty/);
  });

  it.each([
    ['ja', COLUMNS.map((c) => c.ja)],
    ['en', COLUMN_NAMES],
  ] as const)('reads its own %s template as a valid fallback_channel row', (lang, headers) => {
    const sheet = parseCsv(decode(templateCsv(lang)).text);
    expect(sheet.header).toEqual(headers);
    const { columns, errors } = readHeader(sheet);
    expect(errors).toEqual([]);
    const { draft, errors: rowErrors } = readRow(sheet.records[0], columns);
    expect(rowErrors).toEqual([]);
    expect(draft).toEqual(expect.objectContaining({ type: 'fallback_channel', row: 2, kind: 'phone', contact: '', validFrom: expect.stringMatching(/^2021-04-01T00:00:00(\.000)?\+09:00$/) }));
  });

  it('names the column of each problem', () => {
    const sheet = parseCsv(
      'record_type,operator_code,service_name,status,effective_at,kind,label,contact,hours\r\n' +
        'status_change,271004,x,paused,2021-02-30,,,,\r\n' +
        'fallback_channel,271005,x,,,phone,電話,mail@example.jp,"{""type"":""sometimes""}"\r\n',
    );
    const { records } = sheet;
    const { columns } = readHeader(sheet);
    expect(readRow(records[0], columns).errors.map((e) => e.column)).toEqual(['status', 'effective_at']);
    const second = readRow(records[1], columns);
    expect(second.ref).toBeNull(); // 271005 has a wrong check digit
    expect(second.errors.map((e) => e.column)).toEqual(['operator_code', 'hours', 'contact']);
  });
});
