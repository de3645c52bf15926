import type { MessageTemplate } from './index';

/**
 * The messages of imports (POST /v1/imports): what is wrong with the file as a whole, with
 * its header, and with a row's cell. A cell's problem is said without naming the cell: the
 * `import.where.*` entries name the row and the column (as the file's header has it), and an
 * error's Japanese message is where + '：' + problem (see imports/rows.ts).
 *
 * English problems follow the column's name ("status must be one of …"); `{detail}` carries
 * an English sentence from the rule shared with the JSON API, where that rule has one.
 */
export const IMPORT_MESSAGES = {
  // Where an error is.
  'import.where.cell': { en: 'row {row}: {header}', ja: '{row}行目の「{header}」' },
  'import.where.row': { en: 'row {row}', ja: '{row}行目' },
  'import.where.headerCell': { en: 'row {row}: {header}', ja: '見出し行（{row}行目）の「{header}」' },
  'import.where.headerPosition': { en: 'row {row}: column {position}', ja: '見出し行（{row}行目）の{position}列目' },

  // The file as a whole (400).
  'import.file.empty': { en: 'the file is empty: it needs a header row and at least one data row', ja: 'ファイルが空です。見出し行と、1行以上のデータ行が必要です' },
  'import.file.noDataRows': { en: 'the file has a header but no data rows', ja: '見出し行しかありません。2行目から取り込む内容を書いてください' },
  'import.file.tooManyRows': { en: 'the file has {rows} data rows; an import takes at most {max}: split it', ja: 'データ行が{rows}行あります。一度に取り込めるのは{max}行までです。ファイルを分けてください' },
  'import.file.utf16': {
    en: 'the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" or "CSV (comma delimited)" instead',
    ja: 'ファイルが UTF-16（「Unicode テキスト」）で保存されています。「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で保存し直してください',
  },
  'import.file.notShiftJis': {
    en: 'the file is neither UTF-8 nor Shift_JIS: line {line} has bytes that are not Shift_JIS',
    ja: 'ファイルの文字コードが UTF-8 でも Shift_JIS でもありません（{line}行目に Shift_JIS でないバイトがあります）',
  },
  'import.file.notUtf8Forced': { en: 'the file is not valid UTF-8 (try encoding=shift_jis)', ja: 'ファイルが正しい UTF-8 ではありません（encoding=shift_jis を試してください）' },
  'import.file.badUtf8AfterBom': {
    en: 'the file starts with a UTF-8 byte-order mark but is not valid UTF-8 (bytes such as an encoded lone surrogate)',
    ja: 'ファイルは UTF-8 の BOM で始まっていますが、正しい UTF-8 ではありません',
  },
  'import.file.notCsv': { en: 'the file is not valid CSV{near}: {detail}', ja: 'CSV として読めません{nearJa}（{detail}）' },
  'import.file.notXlsx': {
    en: 'the file is a zip archive but not an Excel workbook (.xlsx): {detail}',
    ja: 'ZIP 形式のファイルですが、Excel ブック（.xlsx）として読めません（{detail}）',
  },
  'import.file.xlsxTooLarge': {
    en: 'the workbook unpacks to more than {max} MB; an import sheet needs far less: copy the rows to the template and upload that',
    ja: 'ブックを展開すると{max}MBを超えます。取り込み用のシートとしては大きすぎます。行をテンプレートに写して、そのファイルを送ってください',
  },
  'import.file.xlsxTooManyRows': {
    en: 'a sheet of the workbook has more than {max} rows (or more than {columns} cells in a row); an import takes at most {rows} data rows: split it',
    ja: 'ブックのシートに{max}行を超える行（または1行に{columns}個を超えるセル）があります。一度に取り込めるのは{rows}行までです。ファイルを分けてください',
  },
  'import.file.unknownSheet': { en: 'the workbook has no sheet named "{sheet}"; its sheets: {sheets}', ja: 'ブックに「{sheet}」という名前のシートはありません。シート: {sheets}' },
  'import.file.noSheet': { en: 'the workbook has no visible sheet', ja: 'ブックに表示されているシートがありません' },
  'import.file.encodingNotForXlsx': { en: 'is only for CSV files; this file is an Excel workbook', ja: 'CSV ファイルのときだけ指定できます（このファイルは Excel ブックです）' },
  'import.file.sheetNotForCsv': { en: 'is only for XLSX files; this file is CSV', ja: 'XLSX ファイルのときだけ指定できます（このファイルは CSV です）' },
  'import.file.badHeader': {
    en: 'the header is not that of an import (see GET /v1/imports/template.xlsx or template.csv); nothing was applied',
    ja: '見出し行が取り込み用の形になっていません（テンプレート GET /v1/imports/template.xlsx を参照してください）。何も登録していません',
  },
  'import.file.rowErrors': {
    en: '{errors} error{plural} in {badRows} of {rows} row{rowsPlural}; nothing was applied',
    ja: '{rows}行のうち{badRows}行に、合わせて{errors}件の誤りがあります。何も登録していません',
  },
  'import.file.moreErrors': { en: '; and {count} more', ja: '（ほか{count}件）' },

  // The header (row 1, or the first row that is not blank).
  'import.header.unnamedWithValues': { en: 'has values but no name in the header', ja: '値が入っていますが、見出しがありません' },
  'import.header.unknown': {
    en: 'is not a known column (known: {known})',
    ja: '取り込みの列名ではありません。使える列名は {knownJa} です（英語の列名 {known} も使えます）',
  },
  'import.header.duplicate': { en: 'appears more than once in the header', ja: '同じ列が見出しに2回以上あります' },
  'import.header.missing': { en: 'the header must have this column', ja: 'この列が見出しに必要です' },
  'import.header.missingForType': { en: 'the header must have this column: the file has {type} rows', ja: '「{typeJa}」の行があるので、この列が見出しに必要です' },
  'import.header.cannotIdentify': {
    en: 'the header needs service_id, or operator_code and service_name, to identify the services',
    ja: 'サービスを特定するため、見出しに「サービスID」か、「運営団体コード」と「サービス名」の両方が必要です',
  },

  // A row as a whole.
  'import.row.extraCells': { en: 'has {cells} cells but the header has {columns} columns', ja: 'セルが{cells}個ありますが、見出しは{columns}列です' },

  // A cell, whatever its column.
  'import.cell.lineBreak': { en: '{detail}', ja: '改行やタブは使えません（{position}文字目）' },
  'import.cell.control': { en: '{detail}', ja: '制御文字（{codePoint}、{position}文字目）は使えません' },
  'import.cell.surrogate': { en: '{detail}', ja: '壊れた文字（対になっていないサロゲート {codePoint}、{position}文字目）があります' },
  'import.cell.nonCharacter': { en: '{detail}', ja: 'Unicode の非文字（{codePoint}、{position}文字目）は使えません' },
  'import.cell.bidiControl': { en: '{detail}', ja: '文字の向きを変える制御文字（{codePoint}、{position}文字目）は使えません' },
  'import.cell.tooLong': { en: 'must be at most {max} characters', ja: '{max}文字以内にしてください（{length}文字あります）' },
  'import.cell.excelError': { en: 'the cell holds the Excel error {error}', ja: 'セルが Excel のエラー値 {error} になっています' },
  'import.cell.formulaWithoutResult': {
    en: 'the cell has a formula with no saved result: open the file in Excel and save it again',
    ja: 'セルの数式の計算結果が保存されていません。Excel で開いて保存し直してください',
  },
  'import.cell.required': { en: 'is required', ja: '必須です' },

  // Which service a row is for.
  'import.service.idNotUuid': { en: 'must be a UUID', ja: 'UUID（例: 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f）の形で書いてください' },
  'import.service.codeFormat': { en: 'must be a 6-digit local-government code', ja: '6桁の全国地方公共団体コードにしてください' },
  'import.service.codeCheckDigit': { en: 'has a wrong check digit (expected {digit})', ja: '検査数字が合いません（この団体コードの6桁目は {digit} のはずです）' },
  'import.service.codeKind': {
    en: 'must be a 6-digit local-government code or a national body code such as mhlw',
    ja: '6桁の全国地方公共団体コードか、国の機関のコード（mhlw など）にしてください',
  },
  'import.service.requiredWithoutId': { en: 'is required when service_id is empty', ja: '「{idHeader}」が空欄のときは必須です' },
  'import.service.unknownId': { en: 'no service has this id', ja: 'この ID のサービスはありません' },
  'import.service.operatorMismatch': { en: "does not match service_id: that service's operator is {code}", ja: '「{idHeader}」のサービスと合いません（そのサービスの運営団体コードは {code} です）' },
  'import.service.nameMismatch': { en: 'does not match service_id: that service is named "{name}"', ja: '「{idHeader}」のサービスと合いません（そのサービスの名前は「{name}」です）' },
  'import.service.unknownName': {
    en: 'operator {code} has no service of this name',
    ja: '運営団体 {code} に、この名前のサービスは登録されていません（登録されている名前と一字一句同じに書いてください）',
  },
  'import.service.outsideJurisdiction': {
    en: 'the service is outside the jurisdiction of this {role} token ({scope}): it is operated by {code}',
    ja: 'このトークン（{scope}）の管轄外のサービスです（運営団体コード {code}）',
  },

  // The kind of row.
  'import.recordType.required': { en: 'is required: {values}', ja: '必須です。{valuesJa}のいずれかを書いてください' },
  'import.recordType.unknown': { en: 'must be {values}', ja: '{valuesJa}のいずれかを書いてください（「{value}」は使えません）' },
  'import.recordType.otherTypeColumn': { en: 'is only for {other} rows; leave it empty on a {type} row', ja: '「{otherJa}」の行に書く列です。「{typeJa}」の行では空欄にしてください' },

  // Status changes.
  'import.status.required': { en: 'is required: {values}', ja: '必須です。{valuesJa}のいずれかを書いてください' },
  'import.status.unknown': { en: 'must be one of {values}', ja: '{valuesJa}のいずれかを書いてください（「{value}」は使えません）' },
  'import.effectiveAt.required': {
    en: 'is required in an import (so that importing the same file twice adds nothing): a date and time such as 2021/3/26 9:00 (Japan time), 令和3年3月26日 or 2021-03-26T00:00:00+09:00',
    ja: '必須です（同じファイルを2回取り込んでも二重に登録しないため）。2021/3/26 9:00、令和3年3月26日 のように日付か日時を書いてください',
  },
  'import.sourceUrl.invalid': { en: '{detail}', ja: 'http:// か https:// で始まる URL を書いてください' },

  // Dates and times (src/imports/japanese-dates.ts).
  'import.date.format': {
    en: 'must be a date or a date and time such as 2021/3/26, 2021/3/26 9:00, 2021年3月26日 9時, 令和3年3月26日 or R3.3.26 (Japan time), or ISO 8601 with a time zone such as 2021-03-26T00:00:00+09:00',
    ja: '日付・日時として読めません（「{value}」）。2021/3/26、2021/3/26 9:00、2021年3月26日 9時、令和3年3月26日、R3.3.26 のように書いてください',
  },
  'import.date.noSuchDay': { en: 'has no such day: {written}', ja: '{written}という日はありません' },
  'import.date.noSuchTime': { en: 'has no such time of day: {written}', ja: '{written}という時刻はありません（0:00〜23:59 で書いてください）' },
  'import.date.weekdayMismatch': { en: '{written} is a {weekday}, not a {writtenWeekday}', ja: '{written}は{weekdayJa}曜日です（{writtenWeekdayJa}曜日ではありません）' },
  'import.date.beforeEra': { en: '{written} is before the {era} era began ({start})', ja: '{written}は{era}が始まる前の日付です（{era}は{startJa}から）。{suggestion}のことではありませんか' },
  'import.date.afterEra': {
    en: '{written} is after the {era} era ended ({end}): write {suggestion}',
    ja: '{era}は{endJa}までです。{written}は{suggestion}と書いてください',
  },
  'import.date.outOfRange': { en: 'must be between 1990 and 2100', ja: '1990年から2100年までの日時にしてください' },
  'import.date.notInstant': {
    en: 'must be an ISO 8601 date-time with a time zone between 1990 and 2100, such as 2021-03-26T00:00:00+09:00',
    ja: '時差つきの ISO 8601 の日時として正しくありません（1990年〜2100年、例: 2021-03-26T00:00:00+09:00）',
  },

  // Fallback channels.
  'import.kind.required': { en: 'is required: {values}', ja: '必須です。{valuesJa}のいずれかを書いてください' },
  'import.kind.unknown': { en: 'must be one of {values}', ja: '{valuesJa}のいずれかを書いてください（「{value}」は使えません）' },
  'import.validUntil.beforeFrom': { en: 'must not be before valid_from', ja: '「{fromHeader}」より前の日時にはできません' },
  'import.hours.opening': {
    en: 'is not opening_hours in the one-to-one subset ({detail}); write the word always, opening_hours such as Mo-Fr 09:00-17:00; PH off, or hours as JSON',
    ja: '受付時間として読めません（{detail}）。「常時」、Mo-Fr 09:00-17:00; PH off のような opening_hours、または JSON で書いてください',
  },
  'import.hours.json': {
    en: 'must be the word always or hours as JSON, such as {"type":"weekly","publicHolidays":"closed","ranges":[{"day":"mon","start":"09:00","end":"17:00"}]}',
    ja: 'JSON として読めません。「常時」、Mo-Fr 09:00-17:00; PH off のような opening_hours、または JSON で書いてください',
  },
  // Service information (a public notice, data-handling facts, a switch-first plan, a verification).
  'import.serviceInfo.empty': {
    en: 'a service_info row must give at least one of: {columns}',
    ja: '「サービス情報」の行に内容がありません。{columnsJa}のどれかを書いてください',
  },
  'import.serviceInfo.conflict': {
    en: 'row {earlier} gives this service a different value for this column; a file says one thing once',
    ja: '{earlier}行目で同じサービスに別の値が書かれています。1つのファイルでは1つの値にしてください',
  },
  'import.word.unknown': { en: 'must be one of {values}', ja: '{valuesJa}のいずれかを書いてください（「{value}」は使えません）' },
  'import.personalData.unknownNotAllowed': { en: 'must be yes or no (はい or いいえ): whether a service handles personal information is always recorded', ja: '「はい」か「いいえ」を書いてください（個人情報の取扱いは「不明」にできません）' },
  'import.transition.kindRequired': {
    en: 'is required when any transition column is filled (the four columns are one plan)',
    ja: '移行の列（「{platformHeader}」「{switchHeader}」「{stopHeader}」）を書くときは必須です',
  },
  'import.date.dateOnly': { en: 'must be a date without a time of day, such as 2021/4/1 or 令和3年4月1日', ja: '日付だけを書いてください（時刻は書きません。例: 2021/4/1、令和3年4月1日）' },
  'import.verifiedOn.future': { en: 'must not be in the future ({value} is after now)', ja: '未来の日時は書けません（「{value}」はまだ来ていません）' },
  'import.verification.methodRequired': { en: 'is required with verified_on: {values}', ja: '「{dayHeader}」を書くときは必須です。{valuesJa}のいずれかを書いてください' },
  'import.verification.dayRequired': { en: 'is required with {column}: the day of the verification', ja: '「{header}」を書くときは、確認した日として必須です' },
  'import.verification.sourceUrl': { en: '{detail}', ja: 'http:// か https:// で始まる URL を書いてください' },

  'import.hours.invalid': { en: 'is not valid hours: {detail}', ja: '受付時間の JSON が正しくありません（{detail}）' },
} as const satisfies Record<string, MessageTemplate>;
