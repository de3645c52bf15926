/**
 * The columns of an import CSV (POST /v1/imports) and the template that shows them.
 *
 * One file carries status changes and fallback channels for many services, one per row.
 * The header row names the columns, in any order; a column a file does not need may be
 * left out, but an unknown one is refused. Empty cells mean "not given".
 */
export const RECORD_TYPES = ['status_change', 'fallback_channel'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface ColumnSpec {
  name: string;
  /** Which rows the column is for; null: every row. */
  for: RecordType | null;
  description: string;
}

export const COLUMNS = [
  { name: 'record_type', for: null, description: 'status_change or fallback_channel. Required.' },
  { name: 'service_id', for: null, description: 'The service\'s id (UUID). Either this, or operator_code and service_name, identify the service; when both are given they must agree.' },
  { name: 'operator_code', for: null, description: 'The operator: a 6-digit local-government code (271004) or a national body code (mhlw).' },
  { name: 'service_name', for: null, description: 'The service\'s name exactly as registered with that operator.' },
  { name: 'status', for: 'status_change', description: 'planned, postponed, active, suspended or discontinued. Required for status_change.' },
  { name: 'effective_at', for: 'status_change', description: 'When the change takes effect: ISO 8601 with a time zone (2021-03-26T00:00:00+09:00). Required for status_change; a future time schedules the change.' },
  { name: 'reason', for: 'status_change', description: 'Why (at most 2,000 characters).' },
  { name: 'source_url', for: 'status_change', description: 'Where the change was announced: an http(s) URL.' },
  { name: 'kind', for: 'fallback_channel', description: 'phone, email, fax, web_form, in_person, chat_platform, website or postal. Required for fallback_channel.' },
  { name: 'platform', for: 'fallback_channel', description: 'The chat platform\'s name: required for chat_platform, not allowed otherwise.' },
  { name: 'label', for: 'fallback_channel', description: 'What people see, such as 電話相談 (at most 200 characters). Required for fallback_channel.' },
  { name: 'contact', for: 'fallback_channel', description: 'Phone number, e-mail address, URL or address, checked by kind. Empty: not known.' },
  { name: 'hours', for: 'fallback_channel', description: 'Opening hours in Asia/Tokyo: the word always, or the JSON of the API ({"type":"weekly","publicHolidays":"closed","ranges":[{"day":"mon","start":"09:00","end":"17:00"}]}). Empty: not known.' },
  { name: 'notes', for: 'fallback_channel', description: 'Free text (at most 2,000 characters).' },
  { name: 'valid_from', for: 'fallback_channel', description: 'ISO 8601 with a time zone. Empty: has always been valid.' },
  { name: 'valid_until', for: 'fallback_channel', description: 'ISO 8601 with a time zone, not before valid_from. Empty: open-ended.' },
] as const satisfies readonly ColumnSpec[];

export type ColumnName = (typeof COLUMNS)[number]['name'];
export const COLUMN_NAMES: readonly ColumnName[] = COLUMNS.map((c) => c.name);

/** Columns a file must have when it holds rows of a type (besides record_type and the service's identification). */
export const REQUIRED_COLUMNS: Record<RecordType, ColumnName[]> = {
  status_change: ['status', 'effective_at'],
  fallback_channel: ['kind', 'label'],
};

/** The example row of the template: clearly an example, yet valid once it names a real service. */
export const TEMPLATE_EXAMPLE: Record<ColumnName, string> = {
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
};

/** A CSV cell, quoted when it must be. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

/** The template: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends. */
export function templateCsv(): Buffer {
  const text = [csvLine(COLUMN_NAMES), csvLine(COLUMN_NAMES.map((name) => TEMPLATE_EXAMPLE[name]))].join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** The column reference, for the API documentation. */
export function columnsMarkdown(): string {
  return COLUMNS.map((c) => `- \`${c.name}\`${c.for ? ` (${c.for})` : ''}: ${c.description}`).join('\n');
}
