import { channelValidAt } from '../line-services/line-services.sql';
import { DEFAULT_STALE_POLICY, lowerSeveritySql, severitySql, StalePolicy, stalePolicyDaysSql, staleSinceSql, stopBeforeSwitchSql } from './gap-rules';

/** The statement's own time: after any row lock the transaction waited for (see current-status.sql.ts). */
const NOW = 'statement_timestamp()';

/**
 * Whether a service whose status at time `at` is `status` is stopped then: suspended, or
 * discontinued after having been active. One definition for now and for the instant its
 * channels expire.
 */
function stoppedSql(status: string, serviceId: string, at: string): string {
  return `(${status} = 'suspended' OR (${status} = 'discontinued' AND EXISTS (
            SELECT 1 FROM status_changes a
             WHERE a.service_id = ${serviceId} AND a.status = 'active' AND a.withdrawn_at IS NULL AND (a.effective_at IS NULL OR a.effective_at <= ${at}))))`;
}

/** A timestamptz as the API writes times: ISO 8601 in UTC to the millisecond, whatever the session's time zone. */
function isoUtc(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * How far ahead hours_not_covered compares LINE's windows with its channels': five weeks from
 * the start of the Tokyo day, so that every weekly and monthly rule (the last Saturday comes
 * at most five weeks after the one before) falls in it at least once, and a closure such as
 * 年末年始 is seen a month ahead.
 */
export const COVERAGE_HORIZON_DAYS = 35;
/** How many uncovered windows the finding's details list (the first ones). */
const UNCOVERED_SHOWN = 3;

/*
 * hours_not_covered is worked out once per distinct combination of LINE's hours and its
 * channels' hours (notes aside), and hours_windows() once per distinct hours, not per row:
 * offices share a handful of hours, so at national scale it runs tens of times, not
 * hundreds of thousands. A channel whose hours are the `days` form is left out, and a
 * service none of whose channels has evaluable hours is not compared. The lookups are
 * scalar subqueries, not joins, on purpose: joins on these computed keys made PostgreSQL
 * estimate billions of rows and size the statement's later hash joins for them (4 s more).
 */

/** Hours known well enough to evaluate: not null, and not the `days` form (times not stated). */
function knownHours(expression: string): string {
  return `(${expression} IS NOT NULL AND ${expression}->>'type' <> 'days')`;
}

/**
 * The findings every service in scope should have at time `at`, by the rules of
 * gap-rules.ts, as a chain of CTEs ending in `desired (service_id, kind, severity, details)`
 * (and `state`, one row per service, and `expiry`, one row per stopped service whose valid
 * channels all expire before another becomes valid). The per-service evaluation and the
 * sweep reconcile the findings table against it at `now()`; the reports ask it about any
 * past time.
 *
 * `expiry`: the channels valid at `at`, and any that begin before those end, cover an
 * unbroken span of time (range_agg merges validities that overlap or meet); when that span
 * ends (`expires_at`, the instant of the last expiry) and the service is still stopped
 * then by its timeline (a resumption scheduled before it averts the gap), the warning is due.
 * A service with a valid channel that never ends (most of them) cannot run out: only the
 * others are looked at.
 *
 * `impending`: every reason an impending_no_alternative holds for, of which `desired` keeps
 * the first by IMPENDING_PRECEDENCE (gap-rules.ts): one open finding per kind and service.
 *
 * `scope`: a SQL condition on a service id column (`= ANY($1::uuid[])`), or null for all.
 * `at`: a SQL timestamptz expression; at `now()` the status and the last verification kept
 * on the service row are used, at any other time both are read from the history.
 * `policy`: stale_record's days, written into the statement as integer literals (the
 * validated configuration's; the dumps are built with the defaults).
 */
export function desiredFindingsCtes(scope: string | null, at = NOW, policy: StalePolicy = DEFAULT_STALE_POLICY): string {
  const horizonStart = `hours_day_start(hours_tokyo_day(${at}))`;
  const inScope = (column: string) => (scope ? `AND ${column} ${scope}` : '');
  const atNow = at === NOW;
  const statusAt = atNow
    ? ''
    : `status_at AS (
  SELECT DISTINCT ON (sc.service_id) sc.service_id, sc.status
    FROM status_changes sc
   WHERE sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= ${at}) ${inScope('sc.service_id')}
   ORDER BY sc.service_id, sc.effective_at DESC NULLS LAST, sc.id DESC
),`;
  const status = atNow ? 's.current_status' : 'sa.status';
  const lastVerified = atNow
    ? 's.last_verified_at'
    : `(SELECT max(v.verified_at) FROM service_verifications v WHERE v.service_id = s.id AND v.verified_at <= ${at})`;
  return `${statusAt}
channels AS MATERIALIZED (
  SELECT c.service_id,
         count(*) AS n,
         count(*) FILTER (WHERE c.contact <> '') AS with_contact,
         count(*) FILTER (WHERE c.hours IS NOT NULL) AS with_hours,
         count(*) FILTER (WHERE c.valid_until IS NULL) AS endless
    FROM fallback_channels c
   WHERE ${channelValidAt('c', at)} ${inScope('c.service_id')}
   GROUP BY c.service_id
),
pending AS (
  SELECT DISTINCT ON (sc.service_id) sc.service_id, sc.id, sc.status, sc.effective_at
    FROM status_changes sc
   WHERE sc.effective_at > ${at} AND sc.withdrawn_at IS NULL AND sc.status IN ('suspended', 'discontinued') ${inScope('sc.service_id')}
   ORDER BY sc.service_id, sc.effective_at, sc.id
),
pending_cover AS (
  SELECT p.service_id, count(c.id) AS n
    FROM pending p JOIN fallback_channels c ON c.service_id = p.service_id AND ${channelValidAt('c', 'p.effective_at')}
   GROUP BY p.service_id
),
state AS MATERIALIZED (
  SELECT s.id AS service_id, ${status} AS current_status, s.line_hours IS NOT NULL AS has_line_hours, ${severitySql('s')} AS severity,
         ${stoppedSql(status, 's.id', at)} AS stopped,
         coalesce(ch.n, 0) AS n_channels, coalesce(ch.with_contact, 0) AS with_contact, coalesce(ch.with_hours, 0) AS with_hours,
         coalesce(ch.endless, 0) AS endless_channels,
         p.id AS pending_id, p.status AS pending_status, p.effective_at AS pending_at, coalesce(pc.n, 0) AS pending_channels,
         s.transition_to_kind, s.transition_to_platform, s.transition_stop_on, s.transition_switch_on,
         ${stopBeforeSwitchSql('s', at)} AS stop_before_switch,
         ${lastVerified} AS last_verified_at, s.created_at, ${stalePolicyDaysSql('s', policy)} AS stale_policy_days
    FROM line_services s
    ${atNow ? '' : 'JOIN status_at sa ON sa.service_id = s.id'}
    LEFT JOIN channels ch ON ch.service_id = s.id
    LEFT JOIN pending p ON p.service_id = s.id
    LEFT JOIN pending_cover pc ON pc.service_id = s.id
   WHERE true ${inScope('s.id')}
),
expiry AS MATERIALIZED (
  SELECT st.service_id, cover.expires_at, ${stoppedSql('then_.status', 'st.service_id', 'cover.expires_at')} AS stopped_then
    FROM state st
    CROSS JOIN LATERAL (
      SELECT upper(r) AS expires_at
        FROM unnest((SELECT range_agg(tstzrange(c.valid_from, c.valid_until))
                       FROM fallback_channels c
                      WHERE c.service_id = st.service_id AND (c.valid_until IS NULL OR c.valid_until > ${at}))) AS r
       WHERE r @> ${at} AND NOT upper_inf(r)
    ) cover
    CROSS JOIN LATERAL (
      SELECT sc.status FROM status_changes sc
       WHERE sc.service_id = st.service_id AND sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= cover.expires_at)
       ORDER BY sc.effective_at DESC NULLS LAST, sc.id DESC
       LIMIT 1
    ) then_
   WHERE st.stopped AND st.n_channels > 0 AND st.endless_channels = 0
),
cover_scope AS MATERIALIZED (
  SELECT st.service_id, s.line_hours - 'notes' AS line_h, st.severity
    FROM state st JOIN line_services s ON s.id = st.service_id
   WHERE st.stopped AND st.n_channels > 0 AND st.with_hours > 0 AND st.has_line_hours AND ${knownHours('s.line_hours')}
),
cover_keys AS MATERIALIZED (
  SELECT * FROM (
    SELECT cs.service_id, cs.severity, cs.line_h,
           (SELECT array_agg(DISTINCT c.hours - 'notes') FROM fallback_channels c
             WHERE c.service_id = cs.service_id AND ${knownHours('c.hours')} AND ${channelValidAt('c', at)}) AS channel_hs
      FROM cover_scope cs
  ) keyed
   WHERE channel_hs IS NOT NULL
),
cover_hours AS MATERIALIZED (
  SELECT h, hours_windows(h, ${horizonStart}, ${horizonStart} + interval '${COVERAGE_HORIZON_DAYS + 1} days') AS windows
    FROM (SELECT line_h AS h FROM cover_keys UNION SELECT unnest(channel_hs) FROM cover_keys) distinct_hours
),
cover_gaps AS MATERIALIZED (
  SELECT k.line_h, k.channel_hs,
         (SELECT jsonb_agg(jsonb_build_object('from', ${isoUtc('lower(gap)')}, 'to', ${isoUtc('upper(gap)')}) ORDER BY lower(gap))
            FROM (SELECT gap
                    FROM unnest((SELECT windows FROM cover_hours WHERE h = k.line_h) - (SELECT range_agg(windows) FROM cover_hours WHERE h = ANY (k.channel_hs))) gap
                   WHERE upper(gap) > ${at} ORDER BY lower(gap) LIMIT ${UNCOVERED_SHOWN}) first) AS uncovered
    FROM (SELECT DISTINCT line_h, channel_hs FROM cover_keys) k
),
stale AS (
  SELECT service_id, severity, last_verified_at, stale_policy_days, ${staleSinceSql('last_verified_at', 'created_at', 'stale_policy_days')} AS stale_since
    FROM state WHERE current_status IN ('active', 'suspended')
),
impending AS (
  SELECT service_id, severity, 1 AS precedence,
         jsonb_build_object('statusChangeId', pending_id::text, 'status', pending_status, 'effectiveAt', pending_at) AS details
    FROM state WHERE current_status = 'active' AND pending_id IS NOT NULL AND pending_channels = 0
  UNION ALL
  SELECT st.service_id, st.severity, 2,
         jsonb_build_object('reason', 'channels_expire', 'at', ${isoUtc('e.expires_at')})
    FROM state st JOIN expiry e ON e.service_id = st.service_id WHERE e.stopped_then
  UNION ALL
  SELECT service_id, severity, 3,
         jsonb_build_object('reason', 'stop_before_switch', 'stopOn', to_char(transition_stop_on, 'YYYY-MM-DD'), 'switchOn', to_char(transition_switch_on, 'YYYY-MM-DD'),
                            'toKind', transition_to_kind, 'toPlatform', transition_to_platform)
    FROM state WHERE stop_before_switch
),
desired AS MATERIALIZED (
  SELECT service_id, 'no_alternative' AS kind, severity, '{}'::jsonb AS details
    FROM state WHERE stopped AND n_channels = 0
  UNION ALL
  SELECT * FROM (
    SELECT DISTINCT ON (service_id) service_id, 'impending_no_alternative', severity, details
      FROM impending ORDER BY service_id, precedence
  ) first_reason
  UNION ALL
  SELECT service_id, 'stale_record', ${lowerSeveritySql('severity')},
         jsonb_build_object('lastVerifiedAt', ${isoUtc('last_verified_at')}, 'staleSince', ${isoUtc('stale_since')}, 'policyDays', stale_policy_days)
    FROM stale WHERE stale_since < ${at}
  UNION ALL
  SELECT service_id, 'contact_unknown', ${lowerSeveritySql('severity')}, '{}'::jsonb
    FROM state WHERE stopped AND n_channels > 0 AND with_contact = 0
  UNION ALL
  SELECT k.service_id, 'hours_not_covered', ${lowerSeveritySql('k.severity')}, jsonb_build_object('horizonDays', ${COVERAGE_HORIZON_DAYS}, 'uncovered', g.uncovered)
    FROM cover_keys k JOIN cover_gaps g ON g.line_h = k.line_h AND g.channel_hs = k.channel_hs
   WHERE g.uncovered IS NOT NULL
)`;
}

/**
 * One statement that brings the findings of a set of services (or of every service) in
 * line with desiredFindingsCtes at now(): it opens the missing findings, updates
 * severities, and resolves the stale ones with a reason. The per-service evaluation and
 * the sweep both run it; only the scope differs, so they cannot disagree.
 */
export function reconcileSql(scope: string | null, policy: StalePolicy = DEFAULT_STALE_POLICY): string {
  return `
WITH ${desiredFindingsCtes(scope, NOW, policy)},
opened AS (
  INSERT INTO findings (service_id, kind, severity, details)
  SELECT d.service_id, d.kind, d.severity, d.details FROM desired d
   WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.service_id = d.service_id AND f.kind = d.kind AND f.resolved_at IS NULL)
  ON CONFLICT (service_id, kind) WHERE resolved_at IS NULL DO NOTHING
  RETURNING id, service_id, kind, severity, NULL::text AS previous_severity, details, NULL::text AS resolution
),
changed AS (
  UPDATE findings f
     SET severity = d.severity, details = d.details,
         severity_changed_at = CASE WHEN f.severity <> d.severity THEN now() ELSE f.severity_changed_at END
    FROM desired d, findings old
   WHERE old.id = f.id AND f.resolved_at IS NULL AND f.service_id = d.service_id AND f.kind = d.kind
     AND (f.severity <> d.severity OR f.details <> d.details)
  RETURNING f.id, f.service_id, f.kind, f.severity, old.severity AS previous_severity, f.details, NULL::text AS resolution
),
resolved AS (
  UPDATE findings f
     SET resolved_at = now(),
         resolution = CASE
           WHEN f.kind = 'stale_record' THEN CASE
             WHEN st.current_status IS NULL OR st.current_status NOT IN ('active', 'suspended') THEN 'status_changed'
             WHEN date_trunc('milliseconds', st.last_verified_at) > coalesce((f.details->>'lastVerifiedAt')::timestamptz, '-infinity') THEN 'verified'
             ELSE 'policy_changed' END
           WHEN f.kind = 'impending_no_alternative' AND f.details->>'reason' = 'stop_before_switch' THEN CASE
             WHEN st.transition_to_kind IS NULL THEN 'plan_withdrawn'
             WHEN st.transition_switch_on <= hours_tokyo_day(${NOW}) THEN 'switch_date_reached'
             ELSE 'plan_fixed' END
           WHEN f.kind = 'impending_no_alternative' AND f.details->>'reason' = 'channels_expire' THEN CASE
             WHEN (f.details->>'at')::timestamptz <= ${NOW} THEN 'change_took_effect'
             WHEN st.current_status = 'active' THEN 'service_resumed'
             WHEN NOT st.stopped THEN 'status_changed'
             WHEN st.n_channels = 0 THEN 'superseded_by_no_alternative'
             WHEN e.service_id IS NOT NULL AND NOT e.stopped_then THEN 'status_changed'
             ELSE 'fallback_added' END
           WHEN f.kind = 'impending_no_alternative' THEN CASE
             WHEN EXISTS (SELECT 1 FROM status_changes w WHERE w.id = (f.details->>'statusChangeId')::bigint AND w.withdrawn_at IS NOT NULL) THEN 'change_withdrawn'
             WHEN EXISTS (SELECT 1 FROM status_changes w WHERE w.id = (f.details->>'statusChangeId')::bigint AND w.effective_at <= now()) THEN 'change_took_effect'
             WHEN st.pending_id IS NOT NULL AND st.pending_channels > 0 THEN 'fallback_added'
             ELSE 'status_changed' END
           WHEN st.current_status = 'active' THEN 'service_resumed'
           WHEN st.current_status = 'discontinued' AND st.n_channels > 0 AND f.kind = 'no_alternative' THEN 'service_discontinued_with_alternative'
           WHEN NOT st.stopped THEN 'status_changed'
           WHEN f.kind = 'no_alternative' THEN 'fallback_added'
           WHEN st.n_channels = 0 THEN 'superseded_by_no_alternative'
           WHEN f.kind = 'contact_unknown' THEN 'contact_added'
           WHEN f.kind = 'hours_not_covered' THEN 'hours_covered'
           ELSE 'status_changed' END
    FROM state st LEFT JOIN expiry e ON e.service_id = st.service_id
   WHERE f.service_id = st.service_id AND f.resolved_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.service_id = f.service_id AND d.kind = f.kind)
  RETURNING f.id, f.service_id, f.kind, f.severity, NULL::text AS previous_severity, f.details, f.resolution
)
SELECT 'opened' AS change, * FROM opened
UNION ALL SELECT 'changed', * FROM changed
UNION ALL SELECT 'resolved', * FROM resolved`;
}
