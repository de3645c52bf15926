import type { ChannelDraft, RowDraft, ServiceInfoDraft, StatusChangeDraft, VerificationDraft } from './rows';

/**
 * What makes an import idempotent: which rows of a file are skipped because they are
 * already recorded (the database answers that: see ImportsRepository.recordedStatusChanges
 * and recordedChannels), or because they repeat an earlier row of the same file, by the same
 * rules. Pure: no database, and "now" is an argument.
 *
 * A status change repeats another with the same service, status, effective time and reason.
 * A channel repeats another of the same service, kind, label and contact that is not retired,
 * or one with the very same validity. A service_info row repeats another of the same service
 * that gives the very same cells (rows that give one service different values are refused
 * before this: see conflictingServiceInfo).
 */

/** A row of the file with (at least the id of) the service it names. */
export type WithService<T extends RowDraft = RowDraft> = T & { service: { id: string } };

/** An instant to the microsecond (what PostgreSQL keeps), for comparing rows of the file. */
export function instantKey(value: string | null): string {
  if (value === null) return '';
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? '';
  return `${Date.parse(value)}.${fraction.padEnd(6, '0').slice(3, 6)}`;
}

/** Whether the channel's validity ended at or before `now` (milliseconds since the epoch). */
export function isRetired(draft: Pick<ChannelDraft, 'validUntil'>, now: number): boolean {
  return draft.validUntil !== null && Date.parse(draft.validUntil) <= now;
}

function statusChangeKey(r: WithService<StatusChangeDraft>): string {
  return [r.service.id, r.status, instantKey(r.effectiveAt), r.reason ?? '\u0000'].join('\u0001');
}

function channelKey(r: WithService<ChannelDraft>): string {
  return [r.service.id, r.kind, r.label, r.contact].join('\u0001');
}

/** What a service_info row gives, as a key: its fields and its verification (the instant to the microsecond). */
export function serviceInfoKey(r: WithService<ServiceInfoDraft>): string {
  const { publicNotice, handlesPersonalData, handlesConfidentialData, conversationDataStorage, transition, verification } = r;
  const verified = verification && { ...verification, verifiedAt: instantKey(verification.verifiedAt) };
  return JSON.stringify([r.service.id, publicNotice, handlesPersonalData, handlesConfidentialData, conversationDataStorage, transition, verified]);
}

function sameValidity(a: Pick<ChannelDraft, 'validFrom' | 'validUntil'>, b: Pick<ChannelDraft, 'validFrom' | 'validUntil'>): boolean {
  return instantKey(a.validFrom) === instantKey(b.validFrom) && instantKey(a.validUntil) === instantKey(b.validUntil);
}

/**
 * Drops rows that repeat an earlier row of the file, by the same rules as against what is
 * recorded: the first one is applied, the others would only record it again. Order is kept.
 */
export function skipRepeats<R extends WithService>(rows: R[], now: number): R[] {
  const changes = new Set<string>();
  const infos = new Set<string>();
  const channels = new Map<string, WithService<ChannelDraft>[]>();
  return rows.filter((row) => {
    const r: WithService = row;
    if (r.type === 'status_change') {
      const key = statusChangeKey(r);
      if (changes.has(key)) return false;
      changes.add(key);
      return true;
    }
    if (r.type === 'service_info') {
      const key = serviceInfoKey(r);
      if (infos.has(key)) return false;
      infos.add(key);
      return true;
    }
    const key = channelKey(r);
    const earlier = channels.get(key) ?? [];
    if (earlier.some((e) => !isRetired(e, now) || sameValidity(e, r))) return false;
    channels.set(key, [...earlier, r]);
    return true;
  });
}

/**
 * Splits the rows of a file into those to write and those to skip: first the rows already
 * recorded (`recorded`: their row numbers), then, among the others, repeats of an earlier
 * row. `fresh` keeps the file's order; `skipped` lists row numbers in the file's order.
 */
export function deduplicate<R extends WithService>(rows: R[], recorded: Iterable<number>, now: number): { fresh: R[]; skipped: number[] } {
  const known = new Set(recorded);
  const fresh = skipRepeats(rows.filter((r) => !known.has(r.row)), now);
  const freshRows = new Set(fresh.map((r) => r.row));
  return { fresh, skipped: rows.filter((r) => !freshRows.has(r.row)).map((r) => r.row) };
}

/** The fields of a service_info row, each with the columns that give it (the transition is one plan of four columns). */
const SERVICE_INFO_FIELDS = [
  ['publicNotice', 'public_notice'],
  ['handlesPersonalData', 'handles_personal_data'],
  ['handlesConfidentialData', 'handles_confidential_data'],
  ['conversationDataStorage', 'conversation_data_storage'],
  ['transition', 'transition_to_kind'],
] as const;

/**
 * Rows that give a service a value another row of the file gives differently (a file says one
 * thing once): the later row, the column, and the earlier row. Empty cells give nothing, so
 * rows for one service may each give other fields.
 */
export function conflictingServiceInfo(rows: WithService[]): { row: number; column: string; earlier: number }[] {
  const first = new Map<string, { row: number; value: string }>();
  const conflicts: { row: number; column: string; earlier: number }[] = [];
  for (const r of rows) {
    if (r.type !== 'service_info') continue;
    for (const [field, column] of SERVICE_INFO_FIELDS) {
      if (r[field] === null) continue;
      const key = `${r.service.id}\u0001${field}`;
      const value = JSON.stringify(r[field]);
      const earlier = first.get(key);
      if (!earlier) first.set(key, { row: r.row, value });
      else if (earlier.value !== value) conflicts.push({ row: r.row, column, earlier: earlier.row });
    }
  }
  return conflicts;
}

/** A service's service_info rows merged into one: each field from the row that gives it (they never disagree, see conflictingServiceInfo). */
export function mergeServiceInfo<R extends WithService<ServiceInfoDraft>>(rows: R[]): Map<string, Pick<ServiceInfoDraft, 'publicNotice' | 'handlesPersonalData' | 'handlesConfidentialData' | 'conversationDataStorage' | 'transition'>> {
  const merged = new Map<string, Pick<ServiceInfoDraft, 'publicNotice' | 'handlesPersonalData' | 'handlesConfidentialData' | 'conversationDataStorage' | 'transition'>>();
  for (const r of rows) {
    const m = merged.get(r.service.id) ?? { publicNotice: null, handlesPersonalData: null, handlesConfidentialData: null, conversationDataStorage: null, transition: null };
    merged.set(r.service.id, {
      publicNotice: r.publicNotice ?? m.publicNotice,
      handlesPersonalData: r.handlesPersonalData ?? m.handlesPersonalData,
      handlesConfidentialData: r.handlesConfidentialData ?? m.handlesConfidentialData,
      conversationDataStorage: r.conversationDataStorage ?? m.conversationDataStorage,
      transition: r.transition ?? m.transition,
    });
  }
  return merged;
}

/** A verification the file gives, once, with the rows that give it (their numbers, in the file's order). */
export interface FileVerification {
  serviceId: string;
  verification: VerificationDraft;
  rows: number[];
}

/**
 * The verifications of service_info rows to record: each (service, instant, method, source)
 * once, leaving out those already recorded (`recorded`: the numbers of rows whose
 * verification is). In the order of the rows that first give them.
 */
export function newVerifications(rows: WithService<ServiceInfoDraft>[], recorded: ReadonlySet<number>): FileVerification[] {
  const byKey = new Map<string, FileVerification>();
  for (const r of rows) {
    if (r.verification === null || recorded.has(r.row)) continue;
    const { verifiedAt, method, sourceUrl } = r.verification;
    const key = JSON.stringify([r.service.id, instantKey(verifiedAt), method, sourceUrl]);
    const found = byKey.get(key);
    if (found) found.rows.push(r.row);
    else byKey.set(key, { serviceId: r.service.id, verification: r.verification, rows: [r.row] });
  }
  return [...byKey.values()];
}
