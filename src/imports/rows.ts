import { characterClassOf, firstRefused, textProblem, UUID } from '../common/text';
import { httpUrlProblem } from '../common/url';
import { Hours, hoursProblems } from '../hours/hours';
import { fromOpeningHours } from '../hours/osm';
import {
  CHANNEL_KIND_WORDS,
  STORAGE_WORDS,
  RECORD_TYPE_LABELS,
  RECORD_TYPE_WORDS,
  readChannelKind,
  readStorage,
  readRecordType,
  readStatus,
  readVerificationMethod,
  readYesNo,
  STATUS_WORDS,
  VERIFICATION_METHOD_WORDS,
  YES_NO_WORDS,
  YesNoUnknown,
} from '../i18n/labels';
import { render, Rendered } from '../i18n/messages';
import type { ChannelFields } from '../line-services/channel-fields';
import { channelProblems } from '../line-services/fallback-channels.service';
import { CHANNEL_KINDS, ChannelKind } from '../line-services/contact';
import { CONVERSATION_DATA_STORAGE, ConversationDataStorage, SERVICE_STATUSES, ServiceStatus, VERIFICATION_METHODS, VerificationMethod } from '../line-services/vocabulary';
import { checkDigit, lgCodeProblem, NATIONAL_BODY_CODE } from '../local-governments/lg-code';
import { COLUMN_NAMES, COLUMNS, ColumnName, columnSpec, HEADER_NAMES, headerKey, headerOf, RECORD_TYPES, RecordType, REQUIRED_COLUMNS, TemplateLanguage } from './columns';
import { nextDay, readTokyoInstant } from './japanese-dates';
import type { ParsedSheet, SheetRecord } from './sheet';

/**
 * Checks of an import's header and rows that need no database: the same rules as the JSON
 * API (enums, instants, contact by kind, hours), reported per row and column, in English and
 * Japanese (the message catalogue, src/i18n/messages/imports.ts).
 *
 * Cells are read as offices fill them in: trimmed (ideographic spaces too), the columns that
 * hold codes, ids, words and dates read with NFKC (see ColumnSpec.nfkc), the words of a
 * vocabulary in English or Japanese (src/i18n/labels.ts), dates as japanese-dates.ts reads
 * them.
 */
export interface RowError {
  /** Spreadsheet row: the header is 1. */
  row: number;
  /** The column at fault (its English name, whatever the file's header says), or null for the row as a whole. */
  column: string | null;
  /** The column's header as the file has it (or would have it, for a missing column); null for the row as a whole. */
  header: string | null;
  message: string;
  /** The same in Japanese, naming the row and the header: 「5行目の「状態」：…」. */
  messageJa: string;
}

/** An error at a row, or at a cell named by its header as the file has it. */
export function rowError(row: number, column: string | null, header: string | null, problem: Rendered, place?: Rendered): RowError {
  const where = place ?? (header === null ? render('import.where.row', { row }) : render('import.where.cell', { row, header }));
  return { row, column, header, message: problem.message, messageJa: `${where.messageJa}：${problem.messageJa}` };
}

/** How a row names its service: by id, or by operator and name (or both, which must agree). */
export interface ServiceRef {
  serviceId: string | null;
  operatorCode: string | null;
  serviceName: string | null;
}

interface DraftBase {
  row: number;
  ref: ServiceRef;
}

export interface StatusChangeDraft extends DraftBase {
  type: 'status_change';
  status: ServiceStatus;
  effectiveAt: string;
  reason: string | null;
  sourceUrl: string | null;
}

export interface ChannelDraft extends DraftBase, ChannelFields<string> {
  type: 'fallback_channel';
}

/** A switch-first plan: what the service moves to, and the planned days (Tokyo dates, YYYY-MM-DD). */
export interface TransitionDraft {
  toKind: ChannelKind;
  toPlatform: string | null;
  switchOn: string | null;
  stopOn: string | null;
}

/** A verification a row records: when (an instant, not in the future), how, and where. */
export interface VerificationDraft {
  verifiedAt: string;
  method: VerificationMethod;
  sourceUrl: string | null;
}

/**
 * Facts about the service itself. Every field is null when its cells are empty ("not given":
 * the recorded value stays); `handlesConfidentialData` is 'unknown' for 不明 (recorded as null).
 * The transition is one plan: given when any of its columns is.
 */
export interface ServiceInfoDraft extends DraftBase {
  type: 'service_info';
  publicNotice: string | null;
  handlesPersonalData: boolean | null;
  handlesConfidentialData: YesNoUnknown | null;
  conversationDataStorage: ConversationDataStorage | null;
  transition: TransitionDraft | null;
  verification: VerificationDraft | null;
}

export type RowDraft = StatusChangeDraft | ChannelDraft | ServiceInfoDraft;

/** The columns of a service_info row that set a field of the service (the verification's aside). */
export const SERVICE_FIELD_COLUMNS = [
  'public_notice',
  'handles_personal_data',
  'handles_confidential_data',
  'conversation_data_storage',
  'transition_to_kind',
  'transition_to_platform',
  'transition_switch_on',
  'transition_stop_on',
] as const satisfies readonly ColumnName[];
const TRANSITION_COLUMNS = ['transition_to_kind', 'transition_to_platform', 'transition_switch_on', 'transition_stop_on'] as const satisfies readonly ColumnName[];
const VERIFICATION_COLUMNS = ['verified_on', 'verification_method', 'verification_source_url'] as const satisfies readonly ColumnName[];

const MAX_LENGTH: Partial<Record<ColumnName, number>> = {
  service_name: 200,
  reason: 2000,
  platform: 100,
  label: 200,
  contact: 300,
  notes: 2000,
  hours: 10000,
  public_notice: 500,
  transition_to_platform: 100,
  verification_source_url: 2000,
};
/**
 * Cells that may hold tabs and line breaks: the free text of the JSON API's multi-line fields
 * (reason, notes), and hours, whose JSON may be laid out on several lines. Every other cell
 * is clean text on one line; every cell is clean text (common/text).
 */
export const MULTILINE_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>(['reason', 'notes', 'hours']);
const SERVICE_REF_COLUMNS: readonly ColumnName[] = ['service_id', 'operator_code', 'service_name'];
const COLUMNS_FOR = Object.fromEntries(RECORD_TYPES.map((type) => [type, COLUMNS.filter((c) => c.for === type).map((c) => c.name)])) as Record<RecordType, ColumnName[]>;
/** Kinds whose contact is a number or an address of ASCII characters: read with NFKC (０３－… is 03-…). */
const NFKC_CONTACT_KINDS: ReadonlySet<ChannelKind> = new Set<ChannelKind>(['phone', 'fax', 'email']);
/** Words for hours that are always open, besides the API's `always`. */
const ALWAYS_WORDS = new Set(['always', '常時', '24時間365日']);

const listEn = (values: readonly string[], words: readonly string[]) => `${values.join(', ')} (or ${words.join(', ')})`;
const listJa = (words: readonly string[]) => words.map((w) => `「${w}」`).join('');

/** Where the file's columns are, and what its header calls them. */
export class SheetColumns {
  constructor(
    readonly index: ReadonlyMap<ColumnName, number>,
    private readonly headers: ReadonlyMap<ColumnName, string>,
    /** The header's language: Japanese as soon as one header is a Japanese name. */
    readonly lang: TemplateLanguage,
    readonly headerLength: number,
    readonly headerRow: number,
  ) {}

  has(name: ColumnName): boolean {
    return this.index.has(name);
  }

  /** The column's header as the file has it, or its name in the file's language if it has none. */
  headerOf(name: ColumnName): string {
    return this.headers.get(name) ?? headerOf(name, this.lang);
  }

  /** An error at a cell of a column. */
  error(row: number, column: ColumnName | null, problem: Rendered): RowError {
    return rowError(row, column, column === null ? null : this.headerOf(column), problem);
  }
}

/**
 * Where each known column is. Header cells are compared after NFKC, without spaces and
 * case-insensitively, by their English or Japanese name. A column with no name is allowed
 * only if it is empty throughout (Excel leaves such ones).
 */
export function readHeader(sheet: Pick<ParsedSheet, 'header' | 'headerRow' | 'records'>): { columns: SheetColumns; errors: RowError[] } {
  const { header, headerRow: row, records } = sheet;
  const index = new Map<ColumnName, number>();
  const headers = new Map<ColumnName, string>();
  const errors: RowError[] = [];
  let japanese = false;
  const atHeader = (column: string, written: string, problem: Rendered) => errors.push(rowError(row, column, written, problem, render('import.where.headerCell', { row, header: written })));
  header.forEach((raw, position) => {
    const written = raw.trim();
    if (written === '') {
      if (records.some((r) => (r.values[position] ?? '').trim() !== '')) {
        errors.push(rowError(row, `column ${position + 1}`, null, render('import.header.unnamedWithValues'), render('import.where.headerPosition', { row, position: position + 1 })));
      }
      return;
    }
    const name = HEADER_NAMES.get(headerKey(written));
    if (!name) {
      atHeader(written, written, render('import.header.unknown', { known: COLUMN_NAMES.join(', '), knownJa: COLUMNS.map((c) => `「${c.ja}」`).join('') }));
      return;
    }
    if (headerKey(written) !== headerKey(name)) japanese = true;
    if (index.has(name)) {
      atHeader(name, written, render('import.header.duplicate'));
      return;
    }
    index.set(name, position);
    headers.set(name, written);
  });
  const columns = new SheetColumns(index, headers, japanese ? 'ja' : 'en', header.length, row);
  const missing = (name: ColumnName, problem: Rendered) => atHeader(name, columns.headerOf(name), problem);
  if (!index.has('record_type')) missing('record_type', render('import.header.missing'));
  if (!index.has('service_id') && !(index.has('operator_code') && index.has('service_name'))) {
    missing(index.has('operator_code') ? 'service_name' : index.has('service_name') ? 'operator_code' : 'service_id', render('import.header.cannotIdentify'));
  }
  if (errors.length) return { columns, errors };
  // The columns each kind of row needs, for the kinds of rows the file holds.
  const types = new Set(records.map((r) => readRecordType(cell(r, columns, 'record_type'))));
  for (const type of RECORD_TYPES) {
    if (!types.has(type)) continue;
    for (const column of REQUIRED_COLUMNS[type]) {
      if (!index.has(column)) missing(column, render('import.header.missingForType', { type, typeJa: RECORD_TYPE_LABELS[type].label }));
    }
  }
  return { columns, errors };
}

/** The cell as written, trimmed (String.prototype.trim takes ideographic spaces too). */
function cell(record: SheetRecord, columns: SheetColumns, name: ColumnName): string {
  const index = columns.index.get(name);
  return index === undefined ? '' : (record.values[index] ?? '').trim();
}

/** The cell as read: NFKC for the columns where that is safe (ColumnSpec.nfkc). */
function readCell(record: SheetRecord, columns: SheetColumns, name: ColumnName): string {
  const value = cell(record, columns, name);
  return columnSpec(name).nfkc ? value.normalize('NFKC').trim() : value;
}

/** Why a cell is not clean text, in both languages, or null. */
function textProblemOf(value: string, multiline: boolean): Rendered | null {
  const detail = textProblem(value, { multiline });
  if (!detail) return null;
  const refused = firstRefused(value, { multiline })!;
  const codePoint = `U+${refused.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const params = { detail, codePoint, position: refused.position };
  switch (characterClassOf(refused.codePoint)) {
    case 'lineBreak':
      return render('import.cell.lineBreak', params);
    case 'surrogate':
      return render('import.cell.surrogate', params);
    case 'nonCharacter':
      return render('import.cell.nonCharacter', params);
    case 'bidiControl':
      return render('import.cell.bidiControl', params);
    default:
      return render('import.cell.control', params);
  }
}

/**
 * The row as a draft, or its problems. A row's service is checked later, against the
 * database: `ref` is how the row names it, when that part of the row is well-formed (even
 * if other parts are not, so that every problem of the file is reported at once).
 */
export function readRow(record: SheetRecord, columns: SheetColumns, now: number = Date.now()): { draft: RowDraft | null; ref: ServiceRef | null; errors: RowError[] } {
  const errors: RowError[] = [];
  // The same problem found twice (a contact's characters, by the cell check and by the kind's) is reported once.
  const fail: Fail = (column, problem) => {
    if (!errors.some((e) => e.column === column && e.message === problem.message)) errors.push(columns.error(record.row, column, problem));
  };
  const get = (name: ColumnName) => readCell(record, columns, name);
  const optional = (name: ColumnName) => get(name) || null;

  if (record.values.slice(columns.headerLength).some((v) => v.trim() !== '')) {
    fail(null, render('import.row.extraCells', { cells: record.values.length, columns: columns.headerLength }));
  }
  const unclean = new Set<ColumnName>();
  for (const [index, problem] of record.unreadable ?? []) {
    const name = [...columns.index].find(([, i]) => i === index)?.[0] ?? null;
    fail(name, problem);
    if (name) unclean.add(name);
  }
  for (const name of columns.index.keys()) {
    const value = cell(record, columns, name);
    const problem = textProblemOf(value, MULTILINE_COLUMNS.has(name));
    if (problem) {
      fail(name, problem);
      unclean.add(name);
    }
    const max = MAX_LENGTH[name];
    if (max !== undefined && value.length > max) fail(name, render('import.cell.tooLong', { max, length: value.length }));
  }

  const before = errors.length;
  const parsedRef = readServiceRef(get, fail, columns);
  // A service named with characters no service has is not looked up (a NUL would not even reach the database).
  const ref = errors.length === before && !SERVICE_REF_COLUMNS.some((c) => unclean.has(c)) ? parsedRef : null;
  const written = get('record_type');
  const recordTypes = { values: RECORD_TYPES.join(' or '), valuesJa: RECORD_TYPE_WORDS.map((w) => `「${w}」`).join('か') };
  if (written === '') {
    fail('record_type', render('import.recordType.required', recordTypes));
    return { draft: null, ref, errors };
  }
  const type = readRecordType(written);
  if (!type) {
    fail('record_type', render('import.recordType.unknown', { ...recordTypes, values: `${RECORD_TYPES.join(' or ')} (${RECORD_TYPE_WORDS.join(' or ')})`, value: cell(record, columns, 'record_type') }));
    return { draft: null, ref, errors };
  }
  for (const other of RECORD_TYPES.filter((t) => t !== type)) {
    for (const name of COLUMNS_FOR[other]) {
      if (get(name) !== '') fail(name, render('import.recordType.otherTypeColumn', { other, type, otherJa: RECORD_TYPE_LABELS[other].label, typeJa: RECORD_TYPE_LABELS[type].label }));
    }
  }
  const read: Reader = { row: record.row, ref: parsedRef, get, optional, raw: (name) => cell(record, columns, name), fail, columns, unclean, now };
  const draft = type === 'status_change' ? readStatusChange(read) : type === 'fallback_channel' ? readChannel(read) : readServiceInfo(read);
  return { draft: errors.length ? null : draft, ref, errors };
}

type Fail = (column: ColumnName | null, problem: Rendered) => void;

interface Reader {
  row: number;
  ref: ServiceRef;
  /** The cell as read (NFKC where safe). */
  get: (name: ColumnName) => string;
  optional: (name: ColumnName) => string | null;
  /** The cell as written (trimmed). */
  raw: (name: ColumnName) => string;
  fail: Fail;
  columns: SheetColumns;
  unclean: ReadonlySet<ColumnName>;
  /** Milliseconds since the epoch: a verification may not be after it. */
  now: number;
}

function readServiceRef(get: (name: ColumnName) => string, fail: Fail, columns: SheetColumns): ServiceRef {
  const serviceId = get('service_id');
  // A code typed into a number cell loses its leading 0 (北海道 010006 shows as 10006): every
  // local-government code has six digits, so five can only be that; the check digit still decides.
  const operatorCode = /^\d{5}$/.test(get('operator_code')) ? `0${get('operator_code')}` : get('operator_code');
  const serviceName = get('service_name');
  if (serviceId && !UUID.test(serviceId)) fail('service_id', render('import.service.idNotUuid'));
  if (operatorCode) {
    if (/^\d+$/.test(operatorCode)) {
      const problem = lgCodeProblem(operatorCode);
      if (problem === 'format') fail('operator_code', render('import.service.codeFormat'));
      if (problem === 'check_digit') fail('operator_code', render('import.service.codeCheckDigit', { digit: checkDigit(operatorCode.slice(0, 5)) }));
    } else if (!NATIONAL_BODY_CODE.test(operatorCode)) fail('operator_code', render('import.service.codeKind'));
  }
  if (!serviceId) {
    const idHeader = columns.headerOf('service_id');
    if (!operatorCode) fail('operator_code', render('import.service.requiredWithoutId', { idHeader }));
    if (!serviceName) fail('service_name', render('import.service.requiredWithoutId', { idHeader }));
  }
  return { serviceId: serviceId ? serviceId.toLowerCase() : null, operatorCode: operatorCode || null, serviceName: serviceName || null };
}

/** A required cell left empty (not one already refused, such as a cell holding #N/A). */
function missing(read: Reader, name: ColumnName): boolean {
  return read.get(name) === '' && !read.unclean.has(name);
}

/** An instant column: empty, or read as japanese-dates.ts reads it; `end` reads a date alone as the end of that day. */
function readInstant(read: Reader, name: 'effective_at' | 'valid_from' | 'valid_until' | 'verified_on', end = false): { value: string | null; valid: boolean } {
  const value = read.get(name);
  if (value === '') return { value: null, valid: true };
  if (read.unclean.has(name)) return { value, valid: false };
  const reading = readTokyoInstant(value);
  if ('problem' in reading) {
    read.fail(name, reading.problem);
    return { value, valid: false };
  }
  return { value: end && reading.dateOnly ? nextDay(reading.instant) : reading.instant, valid: true };
}

function readStatusChange(read: Reader): StatusChangeDraft {
  const { get, optional, fail } = read;
  const written = get('status');
  const status = readStatus(written);
  const statuses = { values: listEn(SERVICE_STATUSES, STATUS_WORDS), valuesJa: listJa(STATUS_WORDS) };
  if (missing(read, 'status')) fail('status', render('import.status.required', statuses));
  else if (written && !status) fail('status', render('import.status.unknown', { ...statuses, value: read.raw('status') }));
  if (missing(read, 'effective_at')) fail('effective_at', render('import.effectiveAt.required'));
  const effectiveAt = readInstant(read, 'effective_at');
  const sourceUrl = optional('source_url');
  const urlProblem = sourceUrl && !read.unclean.has('source_url') ? httpUrlProblem(sourceUrl) : null;
  if (urlProblem) fail('source_url', render('import.sourceUrl.invalid', { detail: urlProblem }));
  return { type: 'status_change', row: read.row, ref: read.ref, status: status!, effectiveAt: effectiveAt.value!, reason: optional('reason'), sourceUrl };
}


function readChannel(read: Reader): ChannelDraft {
  const { get, optional, fail } = read;
  const written = get('kind');
  const kind = readChannelKind(written);
  const kinds = { values: listEn(CHANNEL_KINDS, CHANNEL_KIND_WORDS), valuesJa: listJa(CHANNEL_KIND_WORDS) };
  if (missing(read, 'kind')) fail('kind', render('import.kind.required', kinds));
  else if (written && !kind) fail('kind', render('import.kind.unknown', { ...kinds, value: read.raw('kind') }));
  const label = get('label');
  if (missing(read, 'label')) fail('label', render('import.cell.required'));
  const validFrom = readInstant(read, 'valid_from');
  const validUntil = readInstant(read, 'valid_until', true);
  const hours = readHours(get('hours'), fail);
  const contact = kind && NFKC_CONTACT_KINDS.has(kind) ? get('contact').normalize('NFKC').trim() : get('contact');
  const draft: ChannelDraft = {
    type: 'fallback_channel',
    row: read.row,
    ref: read.ref,
    kind: kind!,
    platform: optional('platform'),
    label,
    contact,
    hours,
    notes: optional('notes'),
    validFrom: validFrom.value,
    validUntil: validUntil.value,
  };
  if (kind) {
    const problems = channelProblems({
      kind,
      platform: draft.platform,
      contact: read.unclean.has('contact') ? '' : draft.contact,
      validFrom: validFrom.valid ? draft.validFrom : null,
      validUntil: validUntil.valid ? draft.validUntil : null,
    });
    for (const problem of problems) {
      if (problem.field === 'platform' || problem.field === 'contact') fail(problem.field, { message: problem.message, messageJa: problem.messageJa ?? problem.message });
      else if (problem.field === 'validUntil') fail('valid_until', render('import.validUntil.beforeFrom', { fromHeader: read.columns.headerOf('valid_from') }));
      else fail(null, { message: problem.message, messageJa: problem.message });
    }
  }
  return draft;
}

/** Empty: not known; the word `always` (常時); OSM opening_hours; or the API's JSON. */
function readHours(value: string, fail: Fail): Hours | null {
  if (value === '') return null;
  // JSON starts with a brace; its notes are free text, kept as written. The rest is words and times: NFKC.
  if (!value.startsWith('{')) {
    const normalised = value.normalize('NFKC').trim();
    if (ALWAYS_WORDS.has(normalised.toLowerCase())) return { type: 'always' };
    // Offices write hours in a spreadsheet cell as OSM opening_hours (Mo-Fr 09:00-17:00; PH off).
    const result = fromOpeningHours(normalised);
    if ('hours' in result) return result.hours;
    fail('hours', render('import.hours.opening', { detail: result.problems.join('; ') }));
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    fail('hours', render('import.hours.json'));
    return null;
  }
  const problems = hoursProblems(parsed);
  if (problems.length) {
    fail('hours', render('import.hours.invalid', { detail: problems.join('; ') }));
    return null;
  }
  return parsed as Hours;
}

/** A word of a vocabulary (English or Japanese, labels.ts), or null with the cell's error when it is not one. */
function readWord<V extends string>(read: Reader, name: ColumnName, reader: (word: string) => V | null, values: readonly V[], words: readonly string[]): V | null {
  const written = read.get(name);
  if (written === '' || read.unclean.has(name)) return null;
  const value = reader(written);
  if (!value) read.fail(name, render('import.word.unknown', { values: listEn(values, words), valuesJa: listJa(words), value: read.raw(name) }));
  return value;
}

/** A Tokyo date column (切替予定日, 停止予定日): a date without a time, as YYYY-MM-DD. */
function readDay(read: Reader, name: 'transition_switch_on' | 'transition_stop_on'): string | null {
  const value = read.get(name);
  if (value === '' || read.unclean.has(name)) return null;
  const reading = readTokyoInstant(value);
  if ('problem' in reading) {
    read.fail(name, reading.problem);
    return null;
  }
  if (!reading.dateOnly) {
    read.fail(name, render('import.date.dateOnly'));
    return null;
  }
  // A date alone reads as 0:00 Japan time, written with +09:00: its first ten characters are the day.
  return reading.instant.slice(0, 10);
}

function readServiceInfo(read: Reader): ServiceInfoDraft {
  const { get, optional, fail, columns } = read;
  const given = (name: ColumnName) => get(name) !== '' || read.unclean.has(name);
  if (![...SERVICE_FIELD_COLUMNS, ...VERIFICATION_COLUMNS].some(given)) {
    const names = [...SERVICE_FIELD_COLUMNS, ...VERIFICATION_COLUMNS];
    fail(null, render('import.serviceInfo.empty', { columns: names.join(', '), columnsJa: names.map((n) => `「${columns.headerOf(n)}」`).join('') }));
  }

  const personal = readWord(read, 'handles_personal_data', readYesNo, ['yes', 'no', 'unknown'], YES_NO_WORDS);
  if (personal === 'unknown') fail('handles_personal_data', render('import.personalData.unknownNotAllowed'));
  const confidential = readWord(read, 'handles_confidential_data', readYesNo, ['yes', 'no', 'unknown'], YES_NO_WORDS);
  const storage = readWord(read, 'conversation_data_storage', readStorage, CONVERSATION_DATA_STORAGE, STORAGE_WORDS);

  let transition: TransitionDraft | null = null;
  if (TRANSITION_COLUMNS.some(given)) {
    const toKind = readWord(read, 'transition_to_kind', readChannelKind, CHANNEL_KINDS, CHANNEL_KIND_WORDS);
    if (missing(read, 'transition_to_kind')) {
      fail(
        'transition_to_kind',
        render('import.transition.kindRequired', {
          platformHeader: columns.headerOf('transition_to_platform'),
          switchHeader: columns.headerOf('transition_switch_on'),
          stopHeader: columns.headerOf('transition_stop_on'),
        }),
      );
    }
    const switchOn = readDay(read, 'transition_switch_on');
    const stopOn = readDay(read, 'transition_stop_on');
    transition = { toKind: toKind!, toPlatform: optional('transition_to_platform'), switchOn, stopOn };
  }

  let verification: VerificationDraft | null = null;
  if (VERIFICATION_COLUMNS.some(given)) {
    const dayHeader = columns.headerOf('verified_on');
    const verifiedOn = readInstant(read, 'verified_on');
    if (missing(read, 'verified_on')) {
      const with_ = VERIFICATION_COLUMNS.find((c) => c !== 'verified_on' && given(c))!;
      fail('verified_on', render('import.verification.dayRequired', { column: with_, header: columns.headerOf(with_) }));
    } else if (verifiedOn.valid && verifiedOn.value !== null && Date.parse(verifiedOn.value) > read.now) {
      fail('verified_on', render('import.verifiedOn.future', { value: read.raw('verified_on') }));
    }
    const method = readWord(read, 'verification_method', readVerificationMethod, VERIFICATION_METHODS, VERIFICATION_METHOD_WORDS);
    if (missing(read, 'verification_method')) {
      fail('verification_method', render('import.verification.methodRequired', { values: listEn(VERIFICATION_METHODS, VERIFICATION_METHOD_WORDS), valuesJa: listJa(VERIFICATION_METHOD_WORDS), dayHeader }));
    }
    const sourceUrl = optional('verification_source_url');
    const urlProblem = sourceUrl && !read.unclean.has('verification_source_url') ? httpUrlProblem(sourceUrl) : null;
    if (urlProblem) fail('verification_source_url', render('import.verification.sourceUrl', { detail: urlProblem }));
    verification = { verifiedAt: verifiedOn.value!, method: method!, sourceUrl };
  }

  return {
    type: 'service_info',
    row: read.row,
    ref: read.ref,
    publicNotice: optional('public_notice'),
    handlesPersonalData: personal === null ? null : personal === 'yes',
    handlesConfidentialData: confidential,
    conversationDataStorage: storage,
    transition,
    verification,
  };
}
