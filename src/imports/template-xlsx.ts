import type { DataValidation, Worksheet } from 'exceljs';
import { RECORD_TYPE_LABELS } from '../i18n/labels';
import { COLUMN_NAMES, COLUMNS, ColumnName, LISTED_VALUES, requiredJa, TEMPLATE_EXAMPLE } from './columns';
import { loadExcel } from '../common/excel';

/** The sheets of the XLSX template. */
export const TEMPLATE_SHEETS = { input: '入力', guide: '説明' } as const;
/** The rows of the input sheet that offer the drop-down lists (the header is row 1). */
export const LISTED_ROWS = { first: 2, last: 1000 } as const;

const DATE_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>(['effective_at', 'valid_from', 'valid_until', 'verified_on', 'transition_switch_on', 'transition_stop_on']);
/** Columns that take a day only: formatted without a time. */
const DAY_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>(['verified_on', 'transition_switch_on', 'transition_stop_on']);
const DATE_FORMAT = 'yyyy/m/d h:mm';
const DAY_FORMAT = 'yyyy/m/d';
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const;
const EXAMPLE_FONT = { italic: true, color: { argb: 'FF7F7F7F' } } as const;

/**
 * The import template as an Excel workbook, in Japanese: 入力 (the Japanese header, bold and
 * frozen, one example row marked （例）, drop-down lists on the columns that take a word,
 * codes and ids formatted as text so Excel keeps their leading zeros, dates formatted as
 * dates) and 説明 (each column: what it holds, whether it is required, for which rows, the
 * values it takes).
 */
export async function templateXlsx(): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'LINE service continuity tracker';
  workbook.title = 'LINE サービスの状態・代替手段 取り込みテンプレート';
  fillInput(workbook.addWorksheet(TEMPLATE_SHEETS.input, { views: [{ state: 'frozen', ySplit: 1 }] }));
  fillGuide(workbook.addWorksheet(TEMPLATE_SHEETS.guide));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function fillInput(sheet: Worksheet): void {
  sheet.columns = COLUMNS.map((c) => ({
    header: c.ja,
    key: c.name,
    width: c.width,
    style: 'text' in c && c.text ? { numFmt: '@' } : DAY_COLUMNS.has(c.name) ? { numFmt: DAY_FORMAT } : DATE_COLUMNS.has(c.name) ? { numFmt: DATE_FORMAT } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  const example = TEMPLATE_EXAMPLE.ja;
  // The example's date as a date cell, as Excel makes one when a date is typed.
  const row = sheet.addRow(COLUMN_NAMES.map((name) => (DATE_COLUMNS.has(name) && example[name] ? exampleDate(example[name]) : example[name])));
  row.font = EXAMPLE_FONT;
  for (const name of DATE_COLUMNS) {
    if (example[name]) sheet.getCell(2, COLUMN_NAMES.indexOf(name) + 1).numFmt = DAY_FORMAT;
  }
  for (const [name, words] of Object.entries(LISTED_VALUES) as [ColumnName, readonly string[]][]) {
    const letter = sheet.getColumn(COLUMN_NAMES.indexOf(name) + 1).letter;
    const header = COLUMNS.find((c) => c.name === name)!.ja;
    (sheet as WithValidations).dataValidations.add(`${letter}${LISTED_ROWS.first}:${letter}${LISTED_ROWS.last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${words.join(',')}"`],
      showErrorMessage: true,
      // A warning, not a stop: an import also takes the English values and other words offices use (停止, 稼働 …).
      errorStyle: 'warning',
      errorTitle: `${header}の値`,
      error: `一覧の値（${words.join('・')}）から選んでください。`,
    });
  }
}

/** exceljs has worksheet.dataValidations (a range to a validation) but its types do not say so. */
type WithValidations = Worksheet & { dataValidations: { add(range: string, validation: DataValidation): void } };

/** 2021/4/1 as Excel's date cell: a Date whose UTC fields are the wall-clock date. */
function exampleDate(written: string): Date {
  const [year, month, day] = written.split('/').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

function fillGuide(sheet: Worksheet): void {
  sheet.columns = [{ width: 18 }, { width: 16 }, { width: 30 }, { width: 14 }, { width: 70 }, { width: 44 }];
  const intro = [
    ['LINE サービスの状態変更・代替手段 取り込みテンプレートの書き方'],
    ['・「入力」シートの1行に、1件の「状態変更」「代替手段」「サービス情報」のどれかを書きます。2行目は記入例です。上書きするか、行ごと削除してください。'],
    ['・「サービス情報」の行には、公開のお知らせ・個人情報/機密情報の取扱い・会話データの保存先・移行の計画（移行先の種別・移行先・切替予定日・停止予定日）・確認（確認日・確認方法・確認元URL）を書けます。空欄の列は変更しません。'],
    ['・サービスは「サービスID」か、「運営団体コード」と「サービス名」（登録されている名前と一字一句同じ）で指定します。'],
    ['・日付・日時は 2021/3/26 9:00、2021年3月26日 9時、令和3年3月26日、R3.3.26 などの形で書けます（日本時間）。Excel の日付セルでもかまいません。'],
    ['・全角の数字・英字・スペースはそのまま書いてもかまいません（サービス名など文章の列は、書いたとおりに登録します）。'],
    ['・ファイル全体を確認してから登録します。誤りが1つでもあれば何も登録せず、誤りのある行と列をすべてお知らせします。同じファイルを2回送っても、二重には登録されません。'],
    ['・送り方: curl -H "Authorization: Bearer トークン" -H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" --data-binary @ファイル名.xlsx https://（サーバー）/v1/imports'],
    [],
  ];
  sheet.addRows(intro);
  sheet.getRow(1).font = { bold: true, size: 14 };
  const headerRow = sheet.addRow(['列名', '英語の列名', '必須かどうか', '対象の行', '説明', '書ける値・例']);
  headerRow.font = { bold: true };
  headerRow.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const column of COLUMNS) {
    const forRows = column.for === null ? 'すべての行' : `「${RECORD_TYPE_LABELS[column.for].label}」の行`;
    const row = sheet.addRow([column.ja, column.name, requiredJa(column.name), forRows, column.description.ja, allowedJa(column.name)]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
}

function allowedJa(name: ColumnName): string {
  const listed = LISTED_VALUES[name];
  if (listed) return `${listed.join('、')}（一覧から選べます）`;
  switch (name) {
    case 'effective_at':
    case 'valid_from':
    case 'valid_until':
    case 'verified_on':
      return '2021/3/26、2021/3/26 9:00、2021-03-26 09:00、2021年3月26日 9時、令和3年3月26日、令和元年5月1日、R3.3.26、H31.4.30、Excel の日付セル';
    case 'transition_switch_on':
    case 'transition_stop_on':
      return '2021/4/1、2021年4月1日、令和3年4月1日、R3.4.1、Excel の日付セル（時刻なし）';
    case 'public_notice':
      return '例: LINE相談はしばらくお休みします。お電話かメールでご相談ください';
    case 'transition_to_platform':
      return '例: Microsoft Teams';
    case 'service_id':
      return '例: 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f';
    case 'operator_code':
      return '例: 271004（大阪市）、010006（北海道）、mhlw（厚生労働省）';
    case 'hours':
      return '常時、Mo-Fr 09:00-17:00; PH off、{"type":"always"}';
    case 'contact':
      return '例: 0120-123-456、soudan@example.jp、https://www.example.jp/form';
    case 'source_url':
    case 'verification_source_url':
      return '例: https://www.city.osaka.lg.jp/example/notice.html';
    default:
      return '';
  }
}
