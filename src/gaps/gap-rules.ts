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
 */
export const FINDING_KINDS = ['no_alternative', 'impending_no_alternative', 'contact_unknown', 'hours_not_covered'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityInput {
  category: ServiceCategory;
  lifeCritical: boolean;
  audiences: Audience[];
  handlesPersonalData: boolean;
}

interface Condition {
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

/** The lesser findings (contact_unknown, hours_not_covered) sit one step below the gap. */
export const LESSER_KINDS: FindingKind[] = ['contact_unknown', 'hours_not_covered'];

export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)];
}

export function gapSeverity(service: SeverityInput): Severity {
  const holds = (c: Condition) =>
    (c.category === undefined || service.category === c.category) &&
    (c.lifeCritical === undefined || service.lifeCritical) &&
    (c.handlesPersonalData === undefined || service.handlesPersonalData) &&
    (c.audiencesAny === undefined || c.audiencesAny.some((a) => service.audiences.includes(a)));
  return SEVERITY_RULES.find(([, conditions]) => conditions.some(holds))![0];
}

export function findingSeverity(kind: FindingKind, service: SeverityInput): Severity {
  const base = gapSeverity(service);
  return LESSER_KINDS.includes(kind) ? lowerSeverity(base) : base;
}

/** The same rules as a SQL expression over a line_services row aliased `s`. */
export function severitySql(s = 's'): string {
  const conditionSql = (c: Condition) => {
    const parts = [
      c.category && `${s}.category = '${c.category}'`,
      c.lifeCritical && `${s}.life_critical`,
      c.handlesPersonalData && `${s}.handles_personal_data`,
      c.audiencesAny && `${s}.audiences && ARRAY[${c.audiencesAny.map((a) => `'${a}'`).join(', ')}]::text[]`,
    ].filter(Boolean);
    return parts.length ? `(${parts.join(' AND ')})` : 'true';
  };
  const branches = SEVERITY_RULES.map(([severity, conditions]) => `WHEN ${conditions.map(conditionSql).join(' OR ')} THEN '${severity}'`);
  return `(CASE ${branches.join(' ')} END)`;
}

export function lowerSeveritySql(expression: string): string {
  const steps = SEVERITIES.map((s) => `WHEN '${s}' THEN '${lowerSeverity(s)}'`).join(' ');
  return `(CASE ${expression} ${steps} END)`;
}
