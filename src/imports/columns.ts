/**
 * The columns of an import (POST /v1/imports, CSV or XLSX) and the template that shows them.
 *
 * One file carries status changes, fallback channels and service information (a public notice,
 * the data-handling facts, a switch-first plan, a verification) for many services, one per row.
 * The header row names the columns, in any order, each by its English name or its Japanese
 * one (a file may mix them); a column a file does not need may be left out, but an unknown
 * one is refused. Empty cells mean "not given".
 */
import { RECORD_TYPE_LABELS, STATUS_WORDS, CHANNEL_KIND_WORDS, RECORD_TYPE_WORDS, STORAGE_WORDS, VERIFICATION_METHOD_WORDS, YES_NO_WORDS } from '../i18n/labels';
import { RECORD_TYPES, RecordType } from './record-types';

export { RECORD_TYPES };
export type { RecordType };

/** Languages of the template and of header names. */
export const TEMPLATE_LANGUAGES = ['ja', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export interface ColumnSpec {
  /** The column's name: the English header, and the name errors give as `column` (an API contract). */
  name: string;
  /** The Japanese header: the template's, read one to one as `name`. */
  ja: string;
  /** Which rows the column is for; null: every row. */
  for: RecordType | null;
  /**
   * Read with NFKC (full-width ０１２ and ＡＢＣ, half-width ｶﾅ, ㋿ become 012, ABC, カナ, 令和):
   * codes, ids, words of a vocabulary, dates and hours, where the two forms can only mean the
   * same. Free text (names, labels, notes, reasons, URLs, addresses) is kept as written: a
   * service's name is matched exactly as registered, and it may hold full-width characters.
   * Contacts are read with NFKC for the kinds whose contact is a number or an e-mail address.
   */
  nfkc: boolean;
  /** The template formats the column as text (so Excel keeps 010006's leading zero). */
  text?: boolean;
  /** The template's column width, in characters. */
  width: number;
  description: { en: string; ja: string };
}

const DATE_SHAPES_JA = '2021/3/26 9:00、2021-03-26 09:00、2021年3月26日 9時、令和3年3月26日、R3.3.26、または Excel の日付セル（日本時間）';

export const COLUMNS = [
  {
    name: 'record_type',
    ja: '記録の種類',
    for: null,
    nfkc: true,
    width: 12,
    description: { en: 'status_change (状態変更) or fallback_channel (代替手段). Required.', ja: '「状態変更」（サービスの状態が変わった・変わる）か「代替手段」（LINE の代わりの連絡手段）。必須。' },
  },
  {
    name: 'service_id',
    ja: 'サービスID',
    for: null,
    nfkc: true,
    text: true,
    width: 38,
    description: {
      en: "The service's id (UUID). Either this, or operator_code and service_name, identify the service; when both are given they must agree.",
      ja: 'サービスの ID（UUID）。これか、「運営団体コード」と「サービス名」の両方で、サービスを特定します。両方書くときは同じサービスを指している必要があります。',
    },
  },
  {
    name: 'operator_code',
    ja: '運営団体コード',
    for: null,
    nfkc: true,
    text: true,
    width: 14,
    description: {
      en: 'The operator: a 6-digit local-government code (271004) or a national body code (mhlw). A 5-digit number is read with its leading 0 restored (10006 is 010006, as Excel shows a code typed into a number cell); the check digit is still checked.',
      ja: 'サービスを運営する団体：6桁の全国地方公共団体コード（例: 271004）か国の機関のコード（例: mhlw）。数値のセルに入力して先頭の0が消えた5桁の数（10006）は、0を補って（010006）読みます（検査数字は確かめます）。',
    },
  },
  {
    name: 'service_name',
    ja: 'サービス名',
    for: null,
    nfkc: false,
    width: 30,
    description: {
      en: "The service's name exactly as registered with that operator (full-width and half-width characters are not interchangeable here).",
      ja: '登録されているサービス名を一字一句そのまま（全角・半角の違いも区別します）。',
    },
  },
  {
    name: 'status',
    ja: '状態',
    for: 'status_change',
    nfkc: true,
    width: 10,
    description: {
      en: 'planned, postponed, active, suspended or discontinued, or the Japanese word (導入予定, 延期, 稼働中, 停止中, 廃止; also 停止, 稼働 …). Required for status_change.',
      ja: '導入予定・延期・稼働中・停止中・廃止のいずれか（「停止」「稼働」なども可）。「状態変更」の行で必須。',
    },
  },
  {
    name: 'effective_at',
    ja: '実施日時',
    for: 'status_change',
    nfkc: true,
    width: 18,
    description: {
      en: 'When the change takes effect: 2021/3/26 9:00, 2021-03-26, 令和3年3月26日, R3.3.26 or an Excel date cell (Japan time; a date alone is 0:00 that day), or ISO 8601 with a time zone (2021-03-26T00:00:00+09:00). Required for status_change; a future time schedules the change.',
      ja: `状態が変わる（変わった）日時：${DATE_SHAPES_JA}。時刻を省くとその日の0:00。「状態変更」の行で必須。先の日時なら、その日時に変更されるよう予約します。`,
    },
  },
  {
    name: 'reason',
    ja: '理由',
    for: 'status_change',
    nfkc: false,
    width: 30,
    description: { en: 'Why (at most 2,000 characters).', ja: '変更の理由（2,000文字以内）。' },
  },
  {
    name: 'source_url',
    ja: '出典URL',
    for: 'status_change',
    nfkc: false,
    width: 30,
    description: { en: 'Where the change was announced: an http(s) URL.', ja: '変更を知らせたページの URL（http:// か https:// で始まるもの）。' },
  },
  {
    name: 'kind',
    ja: '代替手段の種類',
    for: 'fallback_channel',
    nfkc: true,
    width: 14,
    description: {
      en: 'phone, email, fax, web_form, in_person, chat_platform, website or postal, or the Japanese word (電話, メール, FAX, ウェブフォーム, 面談, 他のチャット, ウェブサイト, 郵送). Required for fallback_channel.',
      ja: '電話・メール・FAX・ウェブフォーム・面談・他のチャット・ウェブサイト・郵送のいずれか。「代替手段」の行で必須。',
    },
  },
  {
    name: 'platform',
    ja: 'プラットフォーム',
    for: 'fallback_channel',
    nfkc: false,
    width: 16,
    description: {
      en: "The chat platform's name: required for chat_platform, not allowed otherwise.",
      ja: 'チャットのサービス名（例: Microsoft Teams）。種類が「他のチャット」のときは必須、それ以外では空欄。',
    },
  },
  {
    name: 'label',
    ja: '表示名',
    for: 'fallback_channel',
    nfkc: false,
    width: 20,
    description: { en: 'What people see, such as 電話相談 (at most 200 characters). Required for fallback_channel.', ja: '利用者に見せる名前（例: 電話相談。200文字以内）。「代替手段」の行で必須。' },
  },
  {
    name: 'contact',
    ja: '連絡先',
    for: 'fallback_channel',
    nfkc: false,
    text: true,
    width: 24,
    description: {
      en: 'Phone number, e-mail address, URL or address, checked by kind. Empty: not known.',
      ja: '種類に応じて、電話番号・メールアドレス・URL・住所。空欄は「不明」として登録します。',
    },
  },
  {
    name: 'hours',
    ja: '受付時間',
    for: 'fallback_channel',
    // NFKC for the word and opening_hours only (rows.ts): the JSON's notes are free text.
    nfkc: false,
    width: 24,
    description: {
      en: 'Opening hours in Asia/Tokyo: the word always (常時), opening_hours such as Mo-Fr 09:00-17:00; PH off, or the JSON of the API ({"type":"weekly","publicHolidays":"closed","ranges":[{"day":"mon","start":"09:00","end":"17:00"}]}). Empty: not known.',
      ja: '日本時間の受付時間：「常時」、Mo-Fr 09:00-17:00; PH off（月〜金 9時〜17時、祝日休み）のような opening_hours、または API の JSON。空欄は「不明」。',
    },
  },
  {
    name: 'notes',
    ja: '備考',
    for: 'fallback_channel',
    nfkc: false,
    width: 30,
    description: { en: 'Free text (at most 2,000 characters).', ja: '自由記述（2,000文字以内）。' },
  },
  {
    name: 'valid_from',
    ja: '有効期間の開始',
    for: 'fallback_channel',
    nfkc: true,
    width: 18,
    description: {
      en: 'From when the channel can be used, as effective_at (a date alone is 0:00 that day). Empty: has always been valid.',
      ja: `この連絡手段が使えるようになる日時：${DATE_SHAPES_JA}。時刻を省くとその日の0:00。空欄は「以前から使える」。`,
    },
  },
  {
    name: 'valid_until',
    ja: '有効期間の終了',
    for: 'fallback_channel',
    nfkc: true,
    width: 18,
    description: {
      en: 'Until when, as effective_at, not before valid_from. A date alone means through that day (until 0:00 Japan time of the next day). Empty: open-ended.',
      ja: `この連絡手段が使えなくなる日時：${DATE_SHAPES_JA}。日付だけなら、その日いっぱい（翌日0:00まで）使えるものとします。空欄は「終了予定なし」。`,
    },
  },
  {
    name: 'public_notice',
    ja: '公開のお知らせ',
    for: 'service_info',
    nfkc: false,
    width: 40,
    description: {
      en: 'The short public notice people see on the service (at most 500 characters), such as LINE相談はしばらくお休みします。お電話かメールでご相談ください. Empty: unchanged.',
      ja: 'サービスのページと「いま つながる窓口」に表示する短いお知らせ（500文字以内。例: LINE相談はしばらくお休みします。お電話かメールでご相談ください）。空欄は「変更しない」。',
    },
  },
  {
    name: 'handles_personal_data',
    ja: '個人情報の取扱い',
    for: 'service_info',
    nfkc: true,
    width: 12,
    description: { en: 'Whether the service handles personal information: yes or no (はい, いいえ). Empty: unchanged.', ja: 'LINEで個人情報を扱うか：「はい」か「いいえ」。空欄は「変更しない」。' },
  },
  {
    name: 'handles_confidential_data',
    ja: '機密情報の取扱い',
    for: 'service_info',
    nfkc: true,
    width: 12,
    description: {
      en: 'Whether the service handles confidential information: yes, no or unknown (はい, いいえ, 不明). Empty: unchanged.',
      ja: 'LINEで機密情報（相談の内容など）を扱うか：「はい」「いいえ」「不明」。空欄は「変更しない」。',
    },
  },
  {
    name: 'conversation_data_storage',
    ja: '会話データの保存先',
    for: 'service_info',
    nfkc: true,
    width: 20,
    description: {
      en: "Where conversation data is stored: line_servers, operator_system_in_japan (the operator's own system in Japan, via a partner using the Messaging API), overseas or unknown, or the Japanese word (LINEのサーバー, 自団体・委託先のシステム（国内）, 国外, 不明). Empty: unchanged.",
      ja: '会話データの保存先：「LINEのサーバー」「自団体・委託先のシステム（国内）」（Messaging API を使う事業者のシステムなど、国内に保存）「国外」「不明」。空欄は「変更しない」。',
    },
  },
  {
    name: 'transition_to_kind',
    ja: '移行先の種別',
    for: 'service_info',
    nfkc: true,
    width: 14,
    description: {
      en: 'A switch-first plan: the kind of channel the service moves to (phone, email, …, chat_platform, or the Japanese word, as kind). The four transition columns are one plan: when any is filled, they replace the recorded plan together, and this one is then required.',
      ja: '移行の計画：移る先の連絡手段の種類（「代替手段の種類」と同じ言葉。例: 他のチャット、電話）。移行の4列（移行先の種別・移行先・切替予定日・停止予定日）はまとめて1つの計画で、どれかを書くと4列の内容で計画を置き換えます。そのときはこの列が必須です。',
    },
  },
  {
    name: 'transition_to_platform',
    ja: '移行先',
    for: 'service_info',
    nfkc: false,
    width: 20,
    description: { en: 'The platform or channel moved to, such as Microsoft Teams (at most 100 characters).', ja: '移る先のサービス名など（例: Microsoft Teams。100文字以内）。' },
  },
  {
    name: 'transition_switch_on',
    ja: '切替予定日',
    for: 'service_info',
    nfkc: true,
    width: 14,
    description: { en: 'The planned day of the switch (a date, Japan time, without a time of day).', ja: `新しい手段に切り替える予定の日：${DATE_SHAPES_JA}（日付だけ。時刻は書きません）。` },
  },
  {
    name: 'transition_stop_on',
    ja: '停止予定日',
    for: 'service_info',
    nfkc: true,
    width: 14,
    description: {
      en: 'The planned day LINE stops (a date). A stop before the switch is recorded, and raised as a warning (stop_before_switch).',
      ja: `LINEを止める予定の日（日付だけ）。切替予定日より前でも登録しますが、「切り替える前に止まる」警告になります。`,
    },
  },
  {
    name: 'verified_on',
    ja: '確認日',
    for: 'service_info',
    nfkc: true,
    width: 14,
    description: {
      en: "A verification: the day someone confirmed the service and its channels as recorded, as effective_at (a date alone is 0:00 Japan time that day), not in the future. With verification_method, it records a verification by this token; the service's lastVerifiedAt moves to it when it is later than the one recorded.",
      ja: `サービスと代わりの窓口が登録どおりであることを確かめた日：${DATE_SHAPES_JA}（日付だけなら、その日の0:00（日本時間）とします）。未来の日付は書けません。「確認方法」と組で、このトークンによる確認として記録し、サービスの「最終確認日」がそれより前ならこの日に更新します。`,
    },
  },
  {
    name: 'verification_method',
    ja: '確認方法',
    for: 'service_info',
    nfkc: true,
    width: 16,
    description: {
      en: 'How it was confirmed: phone_call, website, official_notice or self_report, or the Japanese word (電話で確認, ウェブサイトで確認, 公式の通知・発表, 運営者の自己申告). Required with verified_on.',
      ja: '確かめ方：「電話で確認」「ウェブサイトで確認」「公式の通知・発表」「運営者の自己申告」。「確認日」を書くときは必須。',
    },
  },
  {
    name: 'verification_source_url',
    ja: '確認元URL',
    for: 'service_info',
    nfkc: false,
    width: 30,
    description: { en: 'Where it was confirmed: an http(s) URL (only with verified_on).', ja: '確かめたページの URL（http:// か https:// で始まるもの。「確認日」と組で書きます）。' },
  },
] as const satisfies readonly ColumnSpec[];

export type ColumnName = (typeof COLUMNS)[number]['name'];
export const COLUMN_NAMES: readonly ColumnName[] = COLUMNS.map((c) => c.name);
const BY_NAME = new Map<string, ColumnSpec>(COLUMNS.map((c) => [c.name, c]));

export function columnSpec(name: ColumnName): ColumnSpec {
  return BY_NAME.get(name)!;
}

/** The header of a column in a language. */
export function headerOf(name: ColumnName, lang: TemplateLanguage): string {
  return lang === 'ja' ? columnSpec(name).ja : name;
}

/**
 * How header cells are compared: NFKC, no spaces, lower case (so 'Status', '状 態' and
 * full-width ＵＲＬ all match).
 */
export function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** Every header a file may use (the English and the Japanese name of each column), to its column. */
export const HEADER_NAMES: ReadonlyMap<string, ColumnName> = (() => {
  const names = new Map<string, ColumnName>();
  for (const column of COLUMNS) {
    for (const header of [column.name, column.ja]) {
      const key = headerKey(header);
      if (names.has(key)) throw new Error(`import columns: header "${header}" names two columns`);
      names.set(key, column.name);
    }
  }
  return names;
})();

/** Columns a file must have when it holds rows of a type (besides record_type and the service's identification). */
export const REQUIRED_COLUMNS: Record<RecordType, ColumnName[]> = {
  status_change: ['status', 'effective_at'],
  fallback_channel: ['kind', 'label'],
  service_info: [],
};

/** The words the template offers for the columns that take a vocabulary (its drop-down lists). */
export const LISTED_VALUES: Partial<Record<ColumnName, readonly string[]>> = {
  record_type: RECORD_TYPE_WORDS,
  status: STATUS_WORDS,
  kind: CHANNEL_KIND_WORDS,
  handles_personal_data: YES_NO_WORDS.slice(0, 2),
  handles_confidential_data: YES_NO_WORDS,
  conversation_data_storage: STORAGE_WORDS,
  transition_to_kind: CHANNEL_KIND_WORDS,
  verification_method: VERIFICATION_METHOD_WORDS,
};

/** Whether a column must be filled in, in Japanese (the template's 説明 sheet). */
export function requiredJa(name: ColumnName): string {
  if (name === 'record_type') return '必須';
  if (name === 'service_id' || name === 'operator_code' || name === 'service_name') return '「サービスID」か「運営団体コード」と「サービス名」のどちらかが必須';
  for (const type of RECORD_TYPES) {
    if (REQUIRED_COLUMNS[type].includes(name)) return `「${RECORD_TYPE_LABELS[type].label}」の行で必須`;
  }
  if (name === 'verification_method') return '「確認日」を書くときは必須';
  if (name === 'transition_to_kind') return '移行の列（移行先・切替予定日・停止予定日）のどれかを書くときは必須';
  return '任意';
}

/** The example row of the template: clearly an example, yet valid once it names a real service. */
const EXAMPLE_EN: Record<ColumnName, string> = {
  record_type: 'fallback_channel',
  service_id: '',
  operator_code: '271004',
  service_name: '（例）LINE子育て相談',
  status: '',
  effective_at: '',
  reason: '',
  source_url: '',
  kind: 'phone',
  platform: '',
  label: '（例）子育て電話相談',
  contact: '',
  hours: '{"type":"weekly","publicHolidays":"closed","ranges":[{"day":"mon","start":"09:00","end":"17:00"},{"day":"tue","start":"09:00","end":"17:00"}]}',
  notes: '（例）番号は確認中。空欄の contact は「不明」を意味します',
  valid_from: '2021-04-01T00:00:00+09:00',
  valid_until: '',
  public_notice: '',
  handles_personal_data: '',
  handles_confidential_data: '',
  conversation_data_storage: '',
  transition_to_kind: '',
  transition_to_platform: '',
  transition_switch_on: '',
  transition_stop_on: '',
  verified_on: '',
  verification_method: '',
  verification_source_url: '',
};

/** The same row in each language: the Japanese one differs only where the words and formats do. */
export const TEMPLATE_EXAMPLE: Record<TemplateLanguage, Record<ColumnName, string>> = {
  en: EXAMPLE_EN,
  ja: {
    ...EXAMPLE_EN,
    record_type: '代替手段',
    kind: '電話',
    hours: 'Mo-Fr 09:00-17:00; PH off',
    notes: '（例）番号は確認中。連絡先が空欄のときは「不明」として登録されます',
    valid_from: '2021/4/1',
  },
};

/** A CSV cell, quoted when it must be. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/** The CSV template: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends. */
export function templateCsv(lang: TemplateLanguage = 'ja'): Buffer {
  const example = TEMPLATE_EXAMPLE[lang];
  const text = [csvLine(COLUMN_NAMES.map((name) => headerOf(name, lang))), csvLine(COLUMN_NAMES.map((name) => example[name]))].join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** The column reference, for the API documentation. */
export function columnsMarkdown(): string {
  return COLUMNS.map((c) => `- \`${c.name}\` (${c.ja})${c.for ? `, ${c.for} rows` : ''}: ${c.description.en}`).join('\n');
}
