import type { ClosedReason } from '../hours/opening';
import type { ChannelKind } from '../line-services/contact';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import { renderAnswer } from './answer';
import type { Level } from './availability.repository';
import { LINE_USABLE } from './service-index';
import type { ServiceIndex } from './service-index';

/** How many alternatives a gap suggests at most. */
export const MAX_SUGGESTIONS = 5;

/** LINE as availability's compact view shows it, without the position in an hours table the suggestion does not carry. */
export interface SuggestedLine {
  usable: boolean;
  withinHours: boolean | null;
  acceptingNew: boolean | null;
  closesAt: string | null;
  nextOpenAt: string | null;
  closedReason: ClosedReason | null;
}

/** A fallback channel valid now, as availability's compact view shows it (without the hours position). */
export interface SuggestedChannel {
  id: string;
  kind: ChannelKind;
  platform: string | null;
  label: string;
  contact: string;
  notes: string | null;
  openNow: boolean | null;
  acceptingNew: boolean | null;
  closesAt: string | null;
  nextOpenAt: string | null;
  closedReason: ClosedReason | null;
}

/** A service the people a gap leaves without a channel could turn to instead. */
export interface SuggestedAlternative {
  id: string;
  name: string;
  url: string | null;
  /** As availability shows them (the compact answer's writer writes them). */
  publicNotice: string | null;
  successorServiceId: string | null;
  operatorCode: string;
  operatorName: string;
  level: Level;
  category: ServiceCategory;
  audiences: Audience[];
  lifeCritical: boolean;
  status: ServiceStatus;
  /** LINE usable now, or a channel with a known contact open now. */
  openNow: boolean;
  /** When LINE (if active) or a channel with a known contact next opens, ISO 8601 UTC; null when open now. */
  nextOpening: string | null;
  line: SuggestedLine;
  channels: SuggestedChannel[];
}

/**
 * Whether a service serves some of the people of another: they share an audience, or either is
 * for everyone (`general`). A general service is open to the job seekers a job seekers' line
 * served; and the children among the people of a general line are served by a children's line.
 */
export function audiencesOverlap(a: readonly Audience[], b: readonly Audience[]): boolean {
  if (a.includes('general') || b.includes('general')) return true;
  return a.some((audience) => b.includes(audience));
}

/** What the selection found of a candidate, before it is written. */
interface Candidate {
  slot: number;
  openNow: boolean;
  /** ms; Infinity when open now or not known. */
  nextOpening: number;
}

/**
 * Up to `limit` alternatives to the service at `slot`, at `at`, among the services that reach
 * its place (`levels`: the place's groups of services by level, nearest first, as
 * availability ranks them): of its category (so a consultation's alternatives are
 * consultations), with an overlapping audience (audiencesOverlap), other than itself.
 *
 * Availability's own rules decide, and nothing here restates them: ServiceIndex.rank (status
 * at that time, open first, life-critical consultation first among the open, then the
 * nearest level, then name) gives the order; the index's hours evaluation (SharedHours)
 * gives when something next opens; the compact answer's writer (renderAnswer) writes what is
 * shown. Added to it, what makes a service worth suggesting: something to use (LINE active,
 * or a fallback channel valid then whose contact is known: a stopped service without one is
 * the same gap again), and something known about when (open now, or a next opening; a
 * suspended service whose only channels have unknown hours cannot say when anyone answers).
 * The open ones come first, then the soonest to open; ties keep availability's order.
 *
 * Synchronous, like an availability answer: the ranking's findings are read by the writer
 * right after it, with nothing awaited in between.
 */
export function suggestAlternatives(index: ServiceIndex, slot: number, levels: readonly (readonly string[])[], at: number, limit = MAX_SUGGESTIONS): SuggestedAlternative[] {
  const audiences = index.audiences(slot);
  const ranked = index.rank(
    levels.map((keys) => index.merge(keys)),
    at,
    index.category(slot),
  );
  const candidates: Candidate[] = [];
  for (const other of ranked) {
    if (other === slot || !audiencesOverlap(audiences, index.audiences(other))) continue;
    const candidate = evaluate(index, other, at);
    if (candidate) candidates.push(candidate);
  }
  // Stable: within open, and within the same next opening, availability's order stands.
  candidates.sort((a, b) => Number(b.openNow) - Number(a.openNow) || a.nextOpening - b.nextOpening);
  const chosen = candidates.slice(0, limit);
  if (chosen.length === 0) return [];
  return written(index, chosen, at);
}

/** Whether a ranked service is worth suggesting at `at`, and when it is open: null when not. */
function evaluate(index: ServiceIndex, slot: number, at: number): Candidate | null {
  const { status, openness } = index.ranked(slot);
  const active = status === 'active';
  let usable = active;
  let openNow = (openness & LINE_USABLE) !== 0;
  let next = Infinity;
  if (active && !openNow) next = Math.min(next, index.lineHours(slot)?.opening(at).nextOpenAt ?? Infinity);
  for (let ch = index.channelStart(slot), end = index.channelEnd(slot); ch < end; ch++) {
    if (!index.channelValidAt(ch, at) || !index.channelContactKnown(ch)) continue;
    usable = true;
    const opening = index.channelHours(ch)?.opening(at);
    if (!opening) continue;
    if (opening.open) openNow = true;
    // A next opening after the channel ends is not one.
    else if (opening.nextOpenAt !== null && index.channelValidAt(ch, opening.nextOpenAt)) next = Math.min(next, opening.nextOpenAt);
  }
  if (!usable || (!openNow && next === Infinity)) return null;
  return { slot, openNow, nextOpening: openNow ? Infinity : next };
}

/** The head an answer needs but a suggestion does not show. */
const NO_HEAD = { place: Buffer.from('null'), at: 0, tokyoDate: '', publicHoliday: null, total: 0, nextCursor: null };

interface CompactService extends Omit<SuggestedAlternative, 'audiences' | 'openNow' | 'nextOpening' | 'line' | 'channels'> {
  somethingOpen: boolean;
  line: SuggestedLine & { hours?: number | null };
  channels: (SuggestedChannel & { hours?: number | null })[];
}

/** The chosen services as availability's compact answer writes them, with what the selection found. */
function written(index: ServiceIndex, chosen: Candidate[], at: number): SuggestedAlternative[] {
  const answer = renderAnswer(index, { ...NO_HEAD, at }, chosen.map((c) => c.slot), at, 'compact');
  let services: CompactService[];
  try {
    services = (JSON.parse(answer.body.toString('utf8')) as { services: CompactService[] }).services;
  } finally {
    answer.release();
  }
  return services.map(({ somethingOpen: _somethingOpen, line, channels, ...service }, i) => {
    const { hours: _lineHours, ...lineState } = line;
    return {
      ...service,
      audiences: index.audiences(chosen[i].slot),
      openNow: chosen[i].openNow,
      nextOpening: chosen[i].nextOpening === Infinity ? null : new Date(chosen[i].nextOpening).toISOString(),
      line: lineState,
      channels: channels.map(({ hours: _hours, ...channel }) => channel),
    };
  });
}
