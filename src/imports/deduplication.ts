import type { ChannelDraft, RowDraft, StatusChangeDraft } from './rows';

/**
 * What makes an import idempotent: which rows of a file are skipped because they are
 * already recorded (the database answers that: see ImportsRepository.recordedStatusChanges
 * and recordedChannels), or because they repeat an earlier row of the same file, by the same
 * rules. Pure: no database, and "now" is an argument.
 *
 * A status change repeats another with the same service, status, effective time and reason.
 * A channel repeats another of the same service, kind, label and contact that is not retired,
 * or one with the very same validity.
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

function sameValidity(a: Pick<ChannelDraft, 'validFrom' | 'validUntil'>, b: Pick<ChannelDraft, 'validFrom' | 'validUntil'>): boolean {
  return instantKey(a.validFrom) === instantKey(b.validFrom) && instantKey(a.validUntil) === instantKey(b.validUntil);
}

/**
 * Drops rows that repeat an earlier row of the file, by the same rules as against what is
 * recorded: the first one is applied, the others would only record it again. Order is kept.
 */
export function skipRepeats<R extends WithService>(rows: R[], now: number): R[] {
  const changes = new Set<string>();
  const channels = new Map<string, WithService<ChannelDraft>[]>();
  return rows.filter((row) => {
    const r: WithService = row;
    if (r.type === 'status_change') {
      const key = statusChangeKey(r);
      if (changes.has(key)) return false;
      changes.add(key);
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
