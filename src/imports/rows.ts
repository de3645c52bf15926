import { textProblem, UUID } from '../common/text';
import { httpUrlProblem } from '../common/url';
import { INSTANT_MESSAGE, isInstant } from '../common/time';
import { Hours, hoursProblems } from '../hours/hours';
import { fromOpeningHours } from '../hours/osm';
import type { ChannelFields } from '../line-services/channel-fields';
import { channelProblems } from '../line-services/fallback-channels.service';
import { CHANNEL_KINDS, ChannelKind } from '../line-services/contact';
import { SERVICE_STATUSES, ServiceStatus } from '../line-services/vocabulary';
import { describeCodeProblem, NATIONAL_BODY_CODE } from '../local-governments/lg-code';
import { COLUMN_NAMES, COLUMNS, ColumnName, RECORD_TYPES, RecordType, REQUIRED_COLUMNS } from './columns';
import type { CsvRecord } from './csv';

/**
 * Checks of an import's header and rows that need no database: the same rules as the JSON
 * API (enums, instants with a zone, contact by kind, hours), reported per row and column.
 */
export interface RowError {
  /** Spreadsheet row: the header is 1. */
  row: number;
  /** The column at fault, or null for the row as a whole. */
  column: string | null;
  message: string;
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

export type RowDraft = StatusChangeDraft | ChannelDraft;

export type ColumnIndex = Map<ColumnName, number>;

const MAX_LENGTH: Partial<Record<ColumnName, number>> = { service_name: 200, reason: 2000, platform: 100, label: 200, contact: 300, notes: 2000, hours: 10000 };
/**
 * Cells that may hold tabs and line breaks: the free text of the JSON API's multi-line fields
 * (reason, notes), and hours, whose JSON may be laid out on several lines. Every other cell
 * is clean text on one line; every cell is clean text (common/text).
 */
export const MULTILINE_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>(['reason', 'notes', 'hours']);
const SERVICE_REF_COLUMNS: readonly ColumnName[] = ['service_id', 'operator_code', 'service_name'];
const COLUMNS_FOR: Record<RecordType, ColumnName[]> = {
  status_change: COLUMNS.filter((c) => c.for === 'status_change').map((c) => c.name),
  fallback_channel: COLUMNS.filter((c) => c.for === 'fallback_channel').map((c) => c.name),
};
// channelProblems speaks the JSON API's field names.
const CHANNEL_FIELD_COLUMNS: Record<string, ColumnName> = { platform: 'platform', contact: 'contact', validUntil: 'valid_until', validFrom: 'valid_from' };

/**
 * Where each known column is. Header names are compared trimmed and case-insensitively.
 * A column with no name is allowed only if it is empty throughout (Excel leaves such ones).
 */
export function readHeader(header: string[], records: CsvRecord[]): { columns: ColumnIndex; errors: RowError[] } {
  const columns: ColumnIndex = new Map();
  const errors: RowError[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '') {
      if (records.some((r) => (r.values[index] ?? '').trim() !== '')) errors.push({ row: 1, column: `column ${index + 1}`, message: 'has values but no name in the header' });
      return;
    }
    if (!(COLUMN_NAMES as readonly string[]).includes(name)) {
      errors.push({ row: 1, column: raw.trim(), message: `is not a known column (known: ${COLUMN_NAMES.join(', ')})` });
      return;
    }
    if (columns.has(name as ColumnName)) {
      errors.push({ row: 1, column: name, message: 'appears more than once in the header' });
      return;
    }
    columns.set(name as ColumnName, index);
  });
  if (!columns.has('record_type')) errors.push({ row: 1, column: 'record_type', message: 'the header must have this column' });
  if (!columns.has('service_id') && !(columns.has('operator_code') && columns.has('service_name'))) {
    const missing = columns.has('operator_code') ? 'service_name' : columns.has('service_name') ? 'operator_code' : 'service_id';
    errors.push({ row: 1, column: missing, message: 'the header needs service_id, or operator_code and service_name, to identify the services' });
  }
  if (errors.length) return { columns, errors };
  // The columns each kind of row needs, for the kinds of rows the file holds.
  const types = new Set(records.map((r) => cell(r, columns, 'record_type')));
  for (const type of RECORD_TYPES) {
    if (!types.has(type)) continue;
    for (const column of REQUIRED_COLUMNS[type]) {
      if (!columns.has(column)) errors.push({ row: 1, column, message: `the header must have this column: the file has ${type} rows` });
    }
  }
  return { columns, errors };
}

function cell(record: CsvRecord, columns: ColumnIndex, name: ColumnName): string {
  const index = columns.get(name);
  return index === undefined ? '' : (record.values[index] ?? '').trim();
}

/**
 * The row as a draft, or its problems. A row's service is checked later, against the
 * database: `ref` is how the row names it, when that part of the row is well-formed (even
 * if other parts are not, so that every problem of the file is reported at once).
 */
export function readRow(record: CsvRecord, columns: ColumnIndex, headerLength: number): { draft: RowDraft | null; ref: ServiceRef | null; errors: RowError[] } {
  const errors: RowError[] = [];
  // The same problem found twice (a contact's characters, by the cell check and by the kind's) is reported once.
  const fail = (column: ColumnName | null, message: string) => {
    if (!errors.some((e) => e.column === column && e.message === message)) errors.push({ row: record.row, column, message });
  };
  const get = (name: ColumnName) => cell(record, columns, name);
  const optional = (name: ColumnName) => get(name) || null;

  if (record.values.slice(headerLength).some((v) => v.trim() !== '')) {
    fail(null, `has ${record.values.length} cells but the header has ${headerLength} columns`);
  }
  const unclean = new Set<ColumnName>();
  for (const name of columns.keys()) {
    const value = get(name);
    const problem = textProblem(value, { multiline: MULTILINE_COLUMNS.has(name) });
    if (problem) {
      fail(name, problem);
      unclean.add(name);
    }
    const max = MAX_LENGTH[name];
    if (max !== undefined && value.length > max) fail(name, `must be at most ${max} characters`);
  }

  const before = errors.length;
  const parsedRef = readServiceRef(get, fail);
  // A service named with characters no service has is not looked up (a NUL would not even reach the database).
  const ref = errors.length === before && !SERVICE_REF_COLUMNS.some((c) => unclean.has(c)) ? parsedRef : null;
  const type = get('record_type');
  if (type === '') {
    fail('record_type', `is required: ${RECORD_TYPES.join(' or ')}`);
    return { draft: null, ref, errors };
  }
  if (!(RECORD_TYPES as readonly string[]).includes(type)) {
    fail('record_type', `must be ${RECORD_TYPES.join(' or ')}`);
    return { draft: null, ref, errors };
  }
  const other: RecordType = type === 'status_change' ? 'fallback_channel' : 'status_change';
  for (const name of COLUMNS_FOR[other]) {
    if (get(name) !== '') fail(name, `is only for ${other} rows; leave it empty on a ${type} row`);
  }
  const draft = type === 'status_change' ? readStatusChange(record.row, parsedRef, get, optional, fail) : readChannel(record.row, parsedRef, get, optional, fail);
  return { draft: errors.length ? null : draft, ref, errors };
}

type Get = (name: ColumnName) => string;
type Optional = (name: ColumnName) => string | null;
type Fail = (column: ColumnName | null, message: string) => void;

function readServiceRef(get: Get, fail: Fail): ServiceRef {
  const serviceId = get('service_id');
  const operatorCode = get('operator_code');
  const serviceName = get('service_name');
  if (serviceId && !UUID.test(serviceId)) fail('service_id', 'must be a UUID');
  if (operatorCode) {
    const problem = /^\d+$/.test(operatorCode) ? describeCodeProblem(operatorCode) : NATIONAL_BODY_CODE.test(operatorCode) ? null : 'must be a 6-digit local-government code or a national body code such as mhlw';
    if (problem) fail('operator_code', problem);
  }
  if (!serviceId) {
    if (!operatorCode) fail('operator_code', 'is required when service_id is empty');
    if (!serviceName) fail('service_name', 'is required when service_id is empty');
  }
  return { serviceId: serviceId ? serviceId.toLowerCase() : null, operatorCode: operatorCode || null, serviceName: serviceName || null };
}

function readStatusChange(row: number, ref: ServiceRef, get: Get, optional: Optional, fail: Fail): StatusChangeDraft {
  const status = get('status');
  if (!status) fail('status', `is required: ${SERVICE_STATUSES.join(', ')}`);
  else if (!(SERVICE_STATUSES as readonly string[]).includes(status)) fail('status', `must be one of ${SERVICE_STATUSES.join(', ')}`);
  const effectiveAt = get('effective_at');
  if (!effectiveAt) fail('effective_at', `is required in an import (so that importing the same file twice adds nothing): ${INSTANT_MESSAGE.replace('must be ', '')}`);
  else if (!isInstant(effectiveAt)) fail('effective_at', INSTANT_MESSAGE);
  const sourceUrl = optional('source_url');
  const urlProblem = sourceUrl ? httpUrlProblem(sourceUrl) : null;
  if (urlProblem) fail('source_url', urlProblem);
  return { type: 'status_change', row, ref, status: status as ServiceStatus, effectiveAt, reason: optional('reason'), sourceUrl };
}

function readChannel(row: number, ref: ServiceRef, get: Get, optional: Optional, fail: Fail): ChannelDraft {
  const kind = get('kind');
  const kindValid = (CHANNEL_KINDS as readonly string[]).includes(kind);
  if (!kind) fail('kind', `is required: ${CHANNEL_KINDS.join(', ')}`);
  else if (!kindValid) fail('kind', `must be one of ${CHANNEL_KINDS.join(', ')}`);
  const label = get('label');
  if (!label) fail('label', 'is required');
  const instant = (name: 'valid_from' | 'valid_until') => {
    const value = optional(name);
    if (value && !isInstant(value)) {
      fail(name, INSTANT_MESSAGE);
      return { value, valid: false };
    }
    return { value, valid: true };
  };
  const validFrom = instant('valid_from');
  const validUntil = instant('valid_until');
  const hours = readHours(get('hours'), fail);
  const draft: ChannelDraft = {
    type: 'fallback_channel',
    row,
    ref,
    kind: kind as ChannelKind,
    platform: optional('platform'),
    label,
    contact: get('contact'),
    hours,
    notes: optional('notes'),
    validFrom: validFrom.value,
    validUntil: validUntil.value,
  };
  if (kindValid) {
    const problems = channelProblems({
      kind: draft.kind,
      platform: draft.platform,
      contact: draft.contact,
      validFrom: validFrom.valid ? draft.validFrom : null,
      validUntil: validUntil.valid ? draft.validUntil : null,
    });
    for (const problem of problems) {
      const column = CHANNEL_FIELD_COLUMNS[problem.field] ?? null;
      fail(column, problem.message.replace('validFrom', 'valid_from'));
    }
  }
  return draft;
}

/** Empty: not known; the word `always`; or the API's JSON. */
function readHours(value: string, fail: Fail): Hours | null {
  if (value === '') return null;
  if (value.toLowerCase() === 'always') return { type: 'always' };
  // Offices write hours in a spreadsheet cell as OSM opening_hours (Mo-Fr 09:00-17:00; PH off); JSON starts with a brace.
  if (!value.startsWith('{')) {
    const result = fromOpeningHours(value);
    if ('hours' in result) return result.hours;
    fail('hours', `is not opening_hours in the one-to-one subset (${result.problems.join('; ')}); write the word always, opening_hours such as Mo-Fr 09:00-17:00; PH off, or hours as JSON`);
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    fail('hours', 'must be the word always or hours as JSON, such as {"type":"weekly","publicHolidays":"closed","ranges":[{"day":"mon","start":"09:00","end":"17:00"}]}');
    return null;
  }
  const problems = hoursProblems(parsed);
  if (problems.length) {
    fail('hours', `is not valid hours: ${problems.join('; ')}`);
    return null;
  }
  return parsed as Hours;
}
