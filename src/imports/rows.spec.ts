import { COLUMN_NAMES, COLUMNS } from './columns';
import { readHeader, readRow } from './rows';
import type { SheetRecord } from './sheet';

/** One data row (spreadsheet row 2) under a header of every column, English (default) or Japanese. */
function read(values: Partial<Record<(typeof COLUMN_NAMES)[number], string>>, header: readonly string[] = COLUMN_NAMES) {
  const record: SheetRecord = { row: 2, values: COLUMN_NAMES.map((c) => values[c] ?? '') };
  const { columns, errors } = readHeader({ header: [...header], headerRow: 1, records: [record] });
  expect(errors).toEqual([]);
  return readRow(record, columns);
}
const JAPANESE: readonly string[] = COLUMNS.map((c) => c.ja);

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
    expect(result.errors).toEqual([
      { row: 2, column: 'contact', header: 'contact', message: 'must not contain control characters (U+0001 at character 4)', messageJa: '2行目の「contact」：制御文字（U+0001、4文字目）は使えません' },
    ]);
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
    expect(result.errors).toEqual([{ row: 2, column: 'hours', header: 'hours', message: expect.stringContaining('rule 2 "SH off": school holidays (SH) have no one-to-one form'), messageJa: expect.stringMatching(/^2行目の「hours」：受付時間として読めません/) }]);
  });
});

describe('import rows: as Japanese offices fill them in', () => {
  it('reads Japanese headers and values, full-width digits and ideographic spaces', () => {
    const result = read(
      { record_type: '\u3000状態変更\u3000', operator_code: '４６２０１２', service_name: '子どもの相談', status: '停止', effective_at: '令和３年３月２６日　９：００' },
      JAPANESE,
    );
    expect(result.errors).toEqual([]);
    expect(result.draft).toEqual(expect.objectContaining({ type: 'status_change', status: 'suspended', effectiveAt: '2021-03-26T09:00:00+09:00' }));
    expect(result.ref).toEqual({ serviceId: null, operatorCode: '462012', serviceName: '子どもの相談' });
  });

  it('keeps a service name, label and address as written (full-width included), and reads a phone number with NFKC', () => {
    const result = read({ record_type: '代替手段', operator_code: '462012', service_name: 'ＬＩＮＥ相談', kind: '電話', label: '電話相談（ＬＩＮＥ）', contact: '０３－１２３４－５６７８' }, JAPANESE);
    expect(result.errors).toEqual([]);
    expect(result.ref?.serviceName).toBe('ＬＩＮＥ相談');
    expect(result.draft).toEqual(expect.objectContaining({ kind: 'phone', label: '電話相談（ＬＩＮＥ）', contact: '03-1234-5678' }));
  });

  it('gives a five-digit operator code its leading 0 back (北海道 010006 typed into a number cell), and still checks the check digit', () => {
    expect(status({ operator_code: '10006' }).ref?.operatorCode).toBe('010006');
    expect(status({ operator_code: '10007' }).errors.map((e) => [e.column, e.message])).toEqual([['operator_code', 'has a wrong check digit (expected 6)']]);
  });

  it('reads a date alone as 0:00 that day, and in valid_until as through that day', () => {
    const result = channel({ valid_from: '2021/4/1', valid_until: 'R3.4.30' });
    expect(result.draft).toEqual(expect.objectContaining({ validFrom: '2021-04-01T00:00:00+09:00', validUntil: '2021-05-01T00:00:00+09:00' }));
    expect(channel({ valid_until: '2021/4/30 17:00' }).draft).toEqual(expect.objectContaining({ validUntil: '2021-04-30T17:00:00+09:00' }));
  });

  it('reads 常時 as always, and full-width opening_hours', () => {
    expect(channel({ hours: '常時' }).draft).toMatchObject({ hours: { type: 'always' } });
    expect(channel({ hours: 'Ｍｏ－Ｆｒ ０９：００－１７：００' }).errors).toEqual([]);
  });

  it('names the row and the header as the file has it, in Japanese', () => {
    const result = read({ record_type: '状態変更', operator_code: '462012', service_name: '子どもの相談', status: '一時中断', effective_at: '令和3年2月30日' }, JAPANESE);
    expect(result.errors.map((e) => [e.column, e.header, e.messageJa])).toEqual([
      ['status', '状態', '2行目の「状態」：「導入予定」「延期」「稼働中」「停止中」「廃止」のいずれかを書いてください（「一時中断」は使えません）'],
      ['effective_at', '実施日時', '2行目の「実施日時」：令和3年2月30日という日はありません'],
    ]);
    expect(result.errors[0].message).toBe('must be one of planned, postponed, active, suspended, discontinued (or 導入予定, 延期, 稼働中, 停止中, 廃止)');
  });

  it('takes a header that mixes English and Japanese names, and refuses one column named twice', () => {
    const mixed = [...JAPANESE];
    mixed[COLUMN_NAMES.indexOf('status')] = 'Status';
    expect(read({ record_type: 'status_change', operator_code: '462012', service_name: 'x', status: '稼働', effective_at: '2021-03-26 09:00' }, mixed).errors).toEqual([]);
    const twice = readHeader({ header: ['記録の種類', 'サービスID', '状態', 'status'], headerRow: 1, records: [] });
    expect(twice.errors).toEqual([{ row: 1, column: 'status', header: 'status', message: 'appears more than once in the header', messageJa: '見出し行（1行目）の「status」：同じ列が見出しに2回以上あります' }]);
  });

  it('names a missing column in the language of the file', () => {
    const record: SheetRecord = { row: 2, values: ['状態変更', '00000000-0000-4000-8000-000000000000', '停止'] };
    const { errors } = readHeader({ header: ['記録の種類', 'サービスID', '状態'], headerRow: 1, records: [record] });
    expect(errors.map((e) => [e.column, e.header, e.messageJa])).toEqual([['effective_at', '実施日時', '見出し行（1行目）の「実施日時」：「状態変更」の行があるので、この列が見出しに必要です']]);
  });
});

describe('import rows: cells a workbook cannot give as text', () => {
  it('names an Excel error in a required cell once, not as missing too', () => {
    const record: SheetRecord = {
      row: 7,
      values: ['status_change', '', '462012', '子どもの相談', '', '2021/3/26'],
      unreadable: new Map([[4, { message: 'the cell holds the Excel error #N/A', messageJa: 'セルが Excel のエラー値 #N/A になっています' }]]),
    };
    const { columns } = readHeader({ header: COLUMN_NAMES.slice(0, 6), headerRow: 1, records: [record] });
    expect(readRow(record, columns).errors).toEqual([{ row: 7, column: 'status', header: 'status', message: 'the cell holds the Excel error #N/A', messageJa: '7行目の「status」：セルが Excel のエラー値 #N/A になっています' }]);
  });
});

describe('import rows: service information (サービス情報)', () => {
  const NOW = Date.parse('2021-04-10T00:00:00+09:00');
  const info = (extra: Record<string, string>, header: readonly string[] = COLUMN_NAMES) => {
    const record: SheetRecord = { row: 2, values: COLUMN_NAMES.map((c) => ({ record_type: 'サービス情報', ...byName, ...extra } as Record<string, string>)[c] ?? '') };
    const { columns } = readHeader({ header: [...header], headerRow: 1, records: [record] });
    return readRow(record, columns, NOW);
  };

  it('reads the Japanese words and dates, empty cells giving nothing', () => {
    const { draft, errors } = info({ handles_confidential_data: '不明', conversation_data_storage: '国内', transition_to_kind: 'チャット', transition_switch_on: '令和3年4月1日', verified_on: 'R3.4.5', verification_method: '自己申告' });
    expect(errors).toEqual([]);
    expect(draft).toEqual(
      expect.objectContaining({
        type: 'service_info',
        publicNotice: null,
        handlesPersonalData: null,
        handlesConfidentialData: 'unknown',
        conversationDataStorage: 'operator_system_in_japan',
        transition: { toKind: 'chat_platform', toPlatform: null, switchOn: '2021-04-01', stopOn: null },
        verification: { verifiedAt: '2021-04-05T00:00:00+09:00', method: 'self_report', sourceUrl: null },
      }),
    );
  });

  it('names the column of each problem: a future day, a time on a plan day, a plan without its kind, a method without its day, no content at all', () => {
    expect(columnsAtFault(info({ verified_on: '2021/4/11', verification_method: 'website' }))).toEqual(['verified_on']);
    expect(columnsAtFault(info({ transition_to_kind: 'phone', transition_stop_on: '2021/4/1 9:00' }))).toEqual(['transition_stop_on']);
    expect(columnsAtFault(info({ transition_to_platform: 'Webチャット' }))).toEqual(['transition_to_kind']);
    expect(columnsAtFault(info({ verification_method: 'website' }))).toEqual(['verified_on']);
    expect(columnsAtFault(info({ handles_personal_data: '不明' }))).toEqual(['handles_personal_data']);
    expect(columnsAtFault(info({}))).toEqual([null]);
  });

  it('refuses its columns on other rows, and other rows\' columns on it', () => {
    expect(columnsAtFault(status({ public_notice: 'お知らせ' }))).toEqual(['public_notice']);
    expect(columnsAtFault(info({ public_notice: 'お知らせ', label: '窓口' }))).toEqual(['label']);
  });

  it('reads Japanese headers one to one', () => {
    const { draft, errors } = info({ public_notice: 'LINE相談はお休みします', verified_on: '2021年4月5日', verification_method: '電話' }, JAPANESE);
    expect(errors).toEqual([]);
    expect(draft).toEqual(expect.objectContaining({ publicNotice: 'LINE相談はお休みします', verification: expect.objectContaining({ method: 'phone_call' }) }));
  });
});
