import type { StalePolicy } from '../gaps/gap-rules';
import { desiredFindingsCtes } from '../gaps/reconcile.sql';
import { COUNT_COLUMNS, COUNT_KEYS, countColumn, NATIONAL_ROW, OPERATOR_COUNT_KEYS, ORGANIZATIONS_ROW, REPORTED_FINDING_KINDS } from './report-columns';

/**
 * The reports' statements, built from the count columns (report-columns.ts) and the gap
 * rules (desiredFindingsCtes). Pure: `npm run sql:dump` writes them out for review.
 *
 * Every report counts per operator first (`operator_counts`), then sums the operators of
 * each report row. As of a past time the operators' figures come from the history; for now
 * they are the ones the continuity engine keeps in report_counts (report-counts.sql.ts),
 * counted by the same `operatorCountsCte` over the engine's state.
 */

/** What says who an operator is: the columns of `svc` and `operator_counts` (and report_counts) before its figures. */
export const OPERATOR_COLUMNS = ['operator_code', 'local_government_code', 'national_body_code', 'organization_code', 'prefecture_code'] as const;

/** What `svc` says of each service besides its operator: what the `services` figures count over. */
export const SERVICE_FACTS = ['category', 'handles_personal_data', 'handles_confidential_data', 'conversation_data_storage'] as const;

/** The finding kinds `gaps` holds, as a SQL list. */
export const REPORTED_KINDS_SQL = REPORTED_FINDING_KINDS.map((kind) => `'${kind}'`).join(', ');

const keysFrom = (from: 'services' | 'findings') => OPERATOR_COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].from === from);
const aggregates = (from: 'services' | 'findings') => keysFrom(from).map((key) => `${COUNT_COLUMNS[key].sql} AS ${countColumn(key)}`).join(', ');

/**
 * `operator_counts`: one row per operator with a service in `svc`, with its figures counted
 * over its rows of `svc` (one row per existing service: the OPERATOR_COLUMNS, status,
 * n_channels and the SERVICE_FACTS) and of `gaps` (one row per finding of
 * REPORTED_FINDING_KINDS: operator_code, kind, severity). The other columns of an
 * operator follow from operator_code: their min() only carries them through the grouping.
 */
export function operatorCountsCte(): string {
  const [code, ...others] = OPERATOR_COLUMNS;
  const findingFigures = keysFrom('findings').map((key) => `coalesce(g.${countColumn(key)}, 0) AS ${countColumn(key)}`);
  return `operator_counts AS (
  SELECT sv.*, ${findingFigures.join(', ')}
    FROM (SELECT ${code}, ${others.map((column) => `min(${column}) AS ${column}`).join(', ')}, ${aggregates('services')} FROM svc GROUP BY ${code}) sv
    LEFT JOIN (SELECT ${code}, ${aggregates('findings')} FROM gaps GROUP BY ${code}) g ON g.${code} = sv.${code}
)`;
}

/** How a report groups operators into rows, and which operators it takes. */
interface ReportShape {
  /** The row an operator counts in: an expression over `o` (operator_counts) and `lg` (its local government, if any). */
  rowKey: string;
  /** The operators it takes: a condition over the table alias given (a service's or an operator's prefecture_code). */
  where: (alias: string) => string;
}

/**
 * `svc` and `gaps` as of $1 from desiredFindingsCtes (the services existing then, with their
 * status and the channels valid then; the findings the gap rules give then, under the stale
 * policy the engine is configured with), then `operator_counts`.
 */
function operatorCountsAsOf(shape: ReportShape, policy: StalePolicy): string {
  return `${desiredFindingsCtes(null, '$1::timestamptz', policy)},
svc AS (
  SELECT ${OPERATOR_COLUMNS.map((column) => `s.${column}`).join(', ')}, x.current_status AS status, x.n_channels, ${SERVICE_FACTS.map((column) => `s.${column}`).join(', ')}
    FROM state x JOIN line_services s ON s.id = x.service_id
   WHERE ${shape.where('s')}
),
gaps AS (
  SELECT s.operator_code, x.kind, x.severity
    FROM desired x JOIN line_services s ON s.id = x.service_id
   WHERE ${shape.where('s')} AND x.kind IN (${REPORTED_KINDS_SQL})
),
${operatorCountsCte()}`;
}

/**
 * `operator_counts` for now: what the continuity engine keeps (report_counts), counted by
 * operatorCountsCte from each service's current status, the channels valid now and the open
 * findings. The history gives the same figures once the engine has caught up, at many times
 * the cost. $1 is unused but kept so both forms take the same parameters.
 */
function operatorCountsNow(): string {
  return `operator_counts AS (
  SELECT ${[...OPERATOR_COLUMNS, ...OPERATOR_COUNT_KEYS.map(countColumn)].join(', ')}
    FROM report_counts
   WHERE $1::timestamptz IS NOT NULL
)`;
}

/**
 * `counts`: the figures of each report row (`row_key`), from its operators: the sum of their
 * figures, and those counted over operators (`operator`: a ward counts as its city).
 */
function countsCte(shape: ReportShape): string {
  const figures = COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].from !== 'registry').map((key) =>
    COUNT_COLUMNS[key].from === 'operators' ? `${COUNT_COLUMNS[key].sql} AS "${key}"` : `sum(${countColumn(key)}) AS "${key}"`,
  );
  return `counts AS (
  SELECT row_key, ${figures.join(', ')}
    FROM (SELECT o.*, coalesce(lg.parent_code::text, o.operator_code) AS operator, ${shape.rowKey} AS row_key
            FROM operator_counts o LEFT JOIN local_governments lg ON lg.code = o.local_government_code
           WHERE ${shape.where('o')}) o
   GROUP BY row_key
)`;
}

/** The figures of each row of `frame (code, name, kind, local_governments, sort)`, zero where it has no services. */
function rowsSelect(): string {
  const figures = COUNT_KEYS.map((key) =>
    COUNT_COLUMNS[key].from === 'registry' ? `f.local_governments::int AS "${key}"` : `coalesce(c."${key}", 0)::int AS "${key}"`,
  );
  return `
SELECT f.code, f.name, f.kind, ${figures.join(', ')}
  FROM frame f
  LEFT JOIN counts c ON c.row_key = f.code
 ORDER BY f.sort, f.code`;
}

/** `operator_counts` (as of $1, or now from the engine's state), then `counts` per row. */
function countsOf(shape: ReportShape, current: boolean, policy: StalePolicy): string {
  return `
WITH ${current ? operatorCountsNow() : operatorCountsAsOf(shape, policy)},
${countsCte(shape)}`;
}

const NATIONAL: ReportShape = {
  rowKey: `CASE WHEN o.national_body_code IS NOT NULL THEN '${NATIONAL_ROW.code}' WHEN o.organization_code IS NOT NULL THEN '${ORGANIZATIONS_ROW.code}' ELSE o.prefecture_code::text END`,
  where: () => 'true',
};

/**
 * The national report: one row per prefecture (with all its local governments), one for
 * the national bodies and one for the organisations. $1: the time (timestamptz).
 * `current`: read the engine's state (for now) rather than the history. `policy`: the stale
 * policy the engine raises stale_record by (AppConfig.stalePolicy), with which the history
 * is evaluated; the engine's state already holds the findings it raised by it.
 */
export function nationalReportSql(current: boolean, policy: StalePolicy): string {
  return `${countsOf(NATIONAL, current, policy)},
frame AS (
  SELECT lg.prefecture_code::text AS code, max(lg.name) FILTER (WHERE lg.kind = 'prefecture') AS name, 'prefecture' AS kind,
         count(*) FILTER (WHERE lg.kind <> 'designated_city_ward') AS local_governments, 1 AS sort
    FROM local_governments lg GROUP BY lg.prefecture_code
  UNION ALL
  SELECT '${NATIONAL_ROW.code}', '${NATIONAL_ROW.name}', 'national', count(*), 2 FROM national_bodies
  UNION ALL
  SELECT '${ORGANIZATIONS_ROW.code}', '${ORGANIZATIONS_ROW.name}', '${ORGANIZATIONS_ROW.kind}', count(*), 3 FROM organizations
)${rowsSelect()}`;
}

const PREFECTURE: ReportShape = {
  rowKey: 'coalesce(lg.parent_code, o.local_government_code)::text',
  where: (alias) => `${alias}.prefecture_code = $2`,
};

/**
 * A prefecture's report: one row per local government of the prefecture $2 (itself
 * included), designated-city wards folded into their city. $1: the time; `current` and
 * `policy` as for the national report. The national bodies and the organisations are in no
 * prefecture (their prefecture_code is null): the national report counts them.
 */
export function prefectureReportSql(current: boolean, policy: StalePolicy): string {
  return `${countsOf(PREFECTURE, current, policy)},
frame AS (
  SELECT lg.code::text AS code, lg.name, lg.kind, 1 AS local_governments, 1 AS sort
    FROM local_governments lg WHERE lg.prefecture_code = $2 AND lg.kind <> 'designated_city_ward'
)${rowsSelect()}`;
}
