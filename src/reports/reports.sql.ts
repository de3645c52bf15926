import { desiredFindingsCtes } from '../gaps/reconcile.sql';
import { channelValidAt } from '../line-services/line-services.sql';
import { COUNT_COLUMNS, COUNT_KEYS } from './report-columns';

/**
 * The reports' statements, built from the count columns (report-columns.ts) and the gap
 * rules (desiredFindingsCtes). Pure: `npm run sql:dump` writes them out for review.
 */

export const NATIONAL_ROW = { code: 'national', name: '国の機関' } as const;

const keysFrom = (from: 'services' | 'findings') => COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].from === from);
const aggregates = (from: 'services' | 'findings') => keysFrom(from).map((key) => `${COUNT_COLUMNS[key].sql} AS "${key}"`).join(', ');

/**
 * `svc`: one row per service existing at $1 (it has a status change in effect by then), with
 * its status then (from the history) and the number of channels valid then; `gaps`: the
 * no_alternative and impending_no_alternative findings the gap rules give at that time.
 * Both from desiredFindingsCtes, aggregated per report row (`rowKey` over `s`, `lg`).
 */
function countsAt(rowKey: string, where = 'true', current = false): string {
  if (current) return countsNow(rowKey, where);
  const placed = `JOIN line_services s ON s.id = x.service_id LEFT JOIN local_governments lg ON lg.code = s.local_government_code WHERE ${where}`;
  return `
WITH ${desiredFindingsCtes(null, '$1::timestamptz')},
svc AS (
  SELECT ${rowKey} AS row_key, coalesce(lg.parent_code::text, s.operator_code) AS operator,
         x.current_status AS status, x.n_channels, s.category, s.handles_personal_data
    FROM state x ${placed}
),
gaps AS (
  SELECT ${rowKey} AS row_key, x.kind, x.severity
    FROM desired x ${placed} AND x.kind IN ('no_alternative', 'impending_no_alternative')
),
service_counts AS (SELECT row_key, ${aggregates('services')} FROM svc GROUP BY row_key),
finding_counts AS (SELECT row_key, ${aggregates('findings')} FROM gaps GROUP BY row_key)`;
}

/**
 * The same figures for the present, from the state the continuity engine keeps: each
 * service's current status, the channels valid now, and the open findings (what
 * GET /v1/gaps shows). Reconstructing the present from the history gives the same numbers
 * once the engine has caught up, at many times the cost. $1 is unused but kept so both
 * forms take the same parameters.
 */
function countsNow(rowKey: string, where: string): string {
  return `
WITH svc AS (
  SELECT ${rowKey} AS row_key, coalesce(lg.parent_code::text, s.operator_code) AS operator,
         s.current_status AS status, s.category, s.handles_personal_data,
         -- Only suspended services need their channels counted (suspendedWithAlternative).
         CASE WHEN s.current_status = 'suspended'
              THEN (SELECT count(*) FROM fallback_channels c WHERE c.service_id = s.id AND ${channelValidAt('c', 'now()')})
              ELSE 0 END AS n_channels
    FROM line_services s
    LEFT JOIN local_governments lg ON lg.code = s.local_government_code
   WHERE s.current_status IS NOT NULL AND $1::timestamptz IS NOT NULL AND ${where}
),
gaps AS (
  SELECT ${rowKey} AS row_key, f.kind, f.severity
    FROM findings f
    JOIN line_services s ON s.id = f.service_id
    LEFT JOIN local_governments lg ON lg.code = s.local_government_code
   WHERE f.resolved_at IS NULL AND f.kind IN ('no_alternative', 'impending_no_alternative') AND ${where}
),
service_counts AS (SELECT row_key, ${aggregates('services')} FROM svc GROUP BY row_key),
finding_counts AS (SELECT row_key, ${aggregates('findings')} FROM gaps GROUP BY row_key)`;
}

/** The figures of each row of `frame (code, name, kind, local_governments, sort)`, zero where it has no services. */
function rowsSelect(): string {
  const figures = COUNT_KEYS.map((key) => {
    const from = COUNT_COLUMNS[key].from;
    if (from === 'registry') return `f.local_governments::int AS "${key}"`;
    return `coalesce(${from === 'services' ? 'sc' : 'fc'}."${key}", 0)::int AS "${key}"`;
  });
  return `
SELECT f.code, f.name, f.kind, ${figures.join(', ')}
  FROM frame f
  LEFT JOIN service_counts sc ON sc.row_key = f.code
  LEFT JOIN finding_counts fc ON fc.row_key = f.code
 ORDER BY f.sort, f.code`;
}

/**
 * The national report: one row per prefecture (with all its local governments) and one for
 * the national bodies. $1: the time (timestamptz). `current`: read the engine's state (for
 * now) rather than the history.
 */
export function nationalReportSql(current: boolean): string {
  return `${countsAt(`CASE WHEN s.national_body_code IS NOT NULL THEN '${NATIONAL_ROW.code}' ELSE s.prefecture_code::text END`, 'true', current)},
frame AS (
  SELECT lg.prefecture_code::text AS code, max(lg.name) FILTER (WHERE lg.kind = 'prefecture') AS name, 'prefecture' AS kind,
         count(*) FILTER (WHERE lg.kind <> 'designated_city_ward') AS local_governments, 1 AS sort
    FROM local_governments lg GROUP BY lg.prefecture_code
  UNION ALL
  SELECT '${NATIONAL_ROW.code}', '${NATIONAL_ROW.name}', 'national', count(*), 2 FROM national_bodies
)${rowsSelect()}`;
}

/**
 * A prefecture's report: one row per local government of the prefecture $2 (itself
 * included), designated-city wards folded into their city. $1: the time.
 */
export function prefectureReportSql(current: boolean): string {
  return `${countsAt('coalesce(lg.parent_code, s.local_government_code)::text', 's.prefecture_code = $2', current)},
frame AS (
  SELECT lg.code::text AS code, lg.name, lg.kind, 1 AS local_governments, 1 AS sort
    FROM local_governments lg WHERE lg.prefecture_code = $2 AND lg.kind <> 'designated_city_ward'
)${rowsSelect()}`;
}
