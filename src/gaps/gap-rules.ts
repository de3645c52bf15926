import type { Audience, ServiceCategory } from '../line-services/vocabulary';

/**
 * What counts as a gap, and how severe it is: the one place these rules live. The worker's
 * per-service evaluation and the sweep both run the SQL built from here
 * (reconcile.sql.ts). Findings change with time only when a status change takes effect or
 * a channel's validity starts or ends: each of those instants gets a delayed evaluation.
 *
 * - no_alternative: the service is suspended, or discontinued after having been active,
 *   and no fallback channel is valid now.
 * - impending_no_alternative: a gap that is coming, while there is time to act. Either
 *   (a) an active service has a future-dated suspension or discontinuation, and no channel
 *   is valid at that time; details `{ statusChangeId, status, effectiveAt }` (the first
 *   such change); or
 *   (b) a stopped service's (as above) valid channels all expire before any other channel
 *   becomes valid, and its timeline still has it stopped at that instant; details
 *   `{ reason: 'channels_expire', at }`, `at` being the instant of the last expiry (ISO
 *   8601, UTC, to the millisecond). At `at` it becomes no_alternative (resolution
 *   change_took_effect).
 * - contact_unknown: a stopped service's only channels have no contact detail.
 * - hours_not_covered: a stopped service's channels (those whose hours are known) are
 *   closed at times its LINE window used to be open, over the next five weeks
 *   (COVERAGE_HORIZON_DAYS in reconcile.sql.ts, from the start of the Tokyo day), every form
 *   of hours applied: closures such as 年末年始, seasons, monthly rules, holidays. The
 *   channels valid now count with their hours over the whole horizon: their expiry is the
 *   channels_expire warning's, not this finding's. Details `{ horizonDays, uncovered: [{ from, to }] }`:
 *   the first three uncovered windows still to come (or under way), ISO 8601 UTC. The
 *   sweep re-evaluates it as the horizon rolls on.
 * - impending_no_alternative, (c) `stop_before_switch`: the service's transition plan
 *   (transition_* columns, Tokyo days) dates the stop before the switch, so people would be
 *   left between the two (D×P's warning: switch first, then stop). It holds whatever the
 *   service's status, while the switch day has not begun (Tokyo): until then the plan can
 *   still be fixed; from the switch day on the window it warned of is over (resolution
 *   switch_date_reached). Details `{ reason: 'stop_before_switch', stopOn, switchOn, toKind,
 *   toPlatform }` (dates YYYY-MM-DD). Moving the stop on or after the switch (or removing the
 *   stop date) resolves it with plan_fixed; removing the transition, with plan_withdrawn.
 *   Findings are unique per (service, kind) while open, so when more than one reason holds
 *   the finding carries the first by IMPENDING_PRECEDENCE: (a) the dated status change, then
 *   (b) channels_expire, then (c) stop_before_switch ((a) needs an active service and (b) a
 *   stopped one, so only (c) can meet either). A reason that takes over updates the open
 *   finding's details; it is not resolved and opened again.
 * - stale_record: an active or suspended service (its status at the time) has not been
 *   verified for longer than its policy allows (stalePolicyDays): STALE_AFTER_DAYS (default
 *   90) days, or STALE_AFTER_DAYS_URGENT (default 30) for the services URGENT_REVIEW names
 *   (a life-critical consultation service, or any service whose audiences include children).
 *   A day is 24 hours. A service never verified counts from when it was recorded
 *   (created_at). It is stale once strictly more than the policy has passed since then
 *   (`staleSince` = last verification + policy). Details `{ lastVerifiedAt (null if never),
 *   staleSince, policyDays }`. Resolves with verified (a later verification), status_changed
 *   (the service is no longer active or suspended), or policy_changed (a longer policy now
 *   applies: a changed configuration, category or audience).
 *
 * Staleness and the switch day come with time, not with a write: the sweep re-evaluates
 * them, and the worker schedules a delayed evaluation at each instant one is due in the
 * next minutes (maintenance.processor.ts, deadlines.repository.ts).
 */
export const FINDING_KINDS = ['no_alternative', 'impending_no_alternative', 'contact_unknown', 'hours_not_covered', 'stale_record'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityInput {
  category: ServiceCategory;
  lifeCritical: boolean;
  audiences: Audience[];
  handlesPersonalData: boolean;
}

export interface Condition {
  category?: ServiceCategory;
  lifeCritical?: true;
  audiencesAny?: Audience[];
  handlesPersonalData?: true;
}

/** First match wins. A rule holds when any of its conditions does (all fields of a condition must hold). */
export const SEVERITY_RULES: [Severity, Condition[]][] = [
  ['critical', [{ category: 'consultation', lifeCritical: true }, { category: 'consultation', audiencesAny: ['children', 'youth'] }]],
  ['high', [{ category: 'consultation' }, { handlesPersonalData: true }]],
  ['medium', [{}]],
];

/** The lesser findings (contact_unknown, hours_not_covered, stale_record) sit one step below the gap. */
export const LESSER_KINDS: FindingKind[] = ['contact_unknown', 'hours_not_covered', 'stale_record'];

/** Which reason an open impending_no_alternative carries when more than one holds: the first here. */
export const IMPENDING_PRECEDENCE = ['status_change', 'channels_expire', 'stop_before_switch'] as const;
export type ImpendingReason = (typeof IMPENDING_PRECEDENCE)[number];

export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)];
}

function holds(c: Condition, service: SeverityInput): boolean {
  return (
    (c.category === undefined || service.category === c.category) &&
    (c.lifeCritical === undefined || service.lifeCritical) &&
    (c.handlesPersonalData === undefined || service.handlesPersonalData) &&
    (c.audiencesAny === undefined || c.audiencesAny.some((a) => service.audiences.includes(a)))
  );
}

export function gapSeverity(service: SeverityInput): Severity {
  return SEVERITY_RULES.find(([, conditions]) => conditions.some((c) => holds(c, service)))![0];
}

export function findingSeverity(kind: FindingKind, service: SeverityInput): Severity {
  const base = gapSeverity(service);
  return LESSER_KINDS.includes(kind) ? lowerSeverity(base) : base;
}

/** A condition as SQL over a line_services row aliased `s`. */
function conditionSql(c: Condition, s: string): string {
  const parts = [
    c.category && `${s}.category = '${c.category}'`,
    c.lifeCritical && `${s}.life_critical`,
    c.handlesPersonalData && `${s}.handles_personal_data`,
    c.audiencesAny && `${s}.audiences && ARRAY[${c.audiencesAny.map((a) => `'${a}'`).join(', ')}]::text[]`,
  ].filter(Boolean);
  return parts.length ? `(${parts.join(' AND ')})` : 'true';
}

/** The same rules as a SQL expression over a line_services row aliased `s`. */
export function severitySql(s = 's'): string {
  const branches = SEVERITY_RULES.map(([severity, conditions]) => `WHEN ${conditions.map((c) => conditionSql(c, s)).join(' OR ')} THEN '${severity}'`);
  return `(CASE ${branches.join(' ')} END)`;
}

export function lowerSeveritySql(expression: string): string {
  const steps = SEVERITIES.map((s) => `WHEN '${s}' THEN '${lowerSeverity(s)}'`).join(' ');
  return `(CASE ${expression} ${steps} END)`;
}

/** How long a record may go unverified, in days (STALE_AFTER_DAYS, STALE_AFTER_DAYS_URGENT). */
export interface StalePolicy {
  days: number;
  urgentDays: number;
}

export const DEFAULT_STALE_POLICY: StalePolicy = { days: 90, urgentDays: 30 };

/**
 * The services checked on the shorter policy (a condition holds when all its fields do):
 * life-critical consultation, and any service for children. People in crisis and children
 * are the ones a wrong number fails worst.
 */
export const URGENT_REVIEW: Condition[] = [{ category: 'consultation', lifeCritical: true }, { audiencesAny: ['children'] }];

const DAY_MS = 86_400_000;

export function stalePolicyDays(service: SeverityInput, policy: StalePolicy): number {
  return URGENT_REVIEW.some((c) => holds(c, service)) ? policy.urgentDays : policy.days;
}

/** When a record becomes stale: its last verification (or, never verified, its creation) plus the policy's days of 24 hours. */
export function staleSince(lastVerifiedAt: Date | null, createdAt: Date, policyDays: number): Date {
  return new Date((lastVerifiedAt ?? createdAt).getTime() + policyDays * DAY_MS);
}

/** Whether the record is stale at `at`: strictly later than staleSince. Only active and suspended services are. */
export function isStale(status: string | null, since: Date, at: Date): boolean {
  return (status === 'active' || status === 'suspended') && at.getTime() > since.getTime();
}

/** stalePolicyDays as SQL over a line_services row aliased `s`. The days are integers from the validated config. */
export function stalePolicyDaysSql(s: string, policy: StalePolicy): string {
  return `(CASE WHEN ${URGENT_REVIEW.map((c) => conditionSql(c, s)).join(' OR ')} THEN ${Math.trunc(policy.urgentDays)} ELSE ${Math.trunc(policy.days)} END)`;
}

/** staleSince as SQL: `verifiedAt` a timestamptz expression (null if never), `createdAt` one, `days` an integer one. */
export function staleSinceSql(verifiedAt: string, createdAt: string, days: string): string {
  return `(coalesce(${verifiedAt}, ${createdAt}) + make_interval(hours => 24 * ${days}))`;
}

/** A service's transition plan: Tokyo days YYYY-MM-DD. */
export interface TransitionInput {
  toKind: string | null;
  stopOn: string | null;
  switchOn: string | null;
}

/** stop_before_switch: the stop dated before the switch, while the switch day (Tokyo) has not begun on `tokyoDay`. */
export function stopBeforeSwitch(t: TransitionInput, tokyoDay: string): boolean {
  return t.toKind !== null && t.stopOn !== null && t.switchOn !== null && t.stopOn < t.switchOn && tokyoDay < t.switchOn;
}

/** The same as SQL over a line_services row aliased `s`, at the timestamptz expression `at`. */
export function stopBeforeSwitchSql(s: string, at: string): string {
  return `coalesce(${s}.transition_to_kind IS NOT NULL AND ${s}.transition_stop_on < ${s}.transition_switch_on AND hours_tokyo_day(${at}) < ${s}.transition_switch_on, false)`;
}
