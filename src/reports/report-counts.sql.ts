import { channelValidAt } from '../line-services/line-services.sql';
import { countColumn, OPERATOR_COUNT_KEYS } from './report-columns';
import { OPERATOR_COLUMNS, operatorCountsCte, REPORTED_KINDS_SQL, SERVICE_FACTS } from './reports.sql';

/**
 * The report figures of now, per operator (report_counts), as the continuity engine keeps
 * them: recounted by every transaction that may change them, for the operators of the
 * services it wrote or evaluated, and by the sweep for all. Pure: `npm run sql:dump` writes
 * them out for review.
 *
 * Two transactions recounting one operator must not lose each other's changes: each takes
 * the operator's row first, in a statement of its own, and recounts in the next one, whose
 * snapshot (READ COMMITTED) then holds every transaction that had the row before. A recount
 * of a few operators claims their rows (claimCountsSql); the sweep, which recounts them all,
 * locks the table against every other writer instead (SHARE ROW EXCLUSIVE, which readers
 * pass).
 *
 * `scope`: a condition on a service id (`= ANY($1::uuid[])`), or null for every service.
 */

/** The statement's own time, as the engine's (reconcile.sql.ts): after any row lock the transaction waited for. */
const NOW = 'statement_timestamp()';

const FIGURES = OPERATOR_COUNT_KEYS.map(countColumn);

/** The operators of the services in scope, as a condition on an operator_code column. */
function operatorsIn(scope: string | null): (column: string) => string {
  return (column) => (scope ? `AND ${column} IN (SELECT operator_code FROM line_services WHERE id ${scope})` : '');
}

/**
 * Takes the report_counts rows of the operators of the services in `scope` (a condition,
 * never null: the sweep locks the table) for this transaction, in operator order so that two
 * claims cannot deadlock, creating those that do not exist yet. The update of an existing row
 * changes nothing: ON CONFLICT DO UPDATE locks the row, and waits for whoever is inserting it
 * (DO NOTHING would do neither).
 */
export function claimCountsSql(scope: string): string {
  const [code, ...others] = OPERATOR_COLUMNS;
  return `
INSERT INTO report_counts (${others.join(', ')})
SELECT ${others.map((column) => `min(s.${column})`).join(', ')}
  FROM line_services s
 WHERE s.id ${scope}
 GROUP BY s.${code}
 ORDER BY s.${code}
ON CONFLICT (${code}) DO UPDATE SET ${others[0]} = report_counts.${others[0]}`;
}

/**
 * Recounts the operators in scope (operatorCountsCte, as the reports count them as of any
 * time) from the state the engine keeps: each service's current status, the channels valid
 * now, the open findings. Writes only the figures that changed: an operator's first count
 * inserts its row, an operator left with no existing service counts zero.
 */
export function recountSql(scope: string | null): string {
  const inScope = operatorsIn(scope);
  const [code, ...others] = OPERATOR_COLUMNS;
  const list = (prefix: string) => FIGURES.map((figure) => `${prefix}${figure}`).join(', ');
  const service = `${OPERATOR_COLUMNS.map((column) => `s.${column}`).join(', ')}, s.current_status AS status, ${SERVICE_FACTS.map((column) => `s.${column}`).join(', ')}`;
  return `
WITH svc AS (
  SELECT ${service}, 0 AS n_channels
    FROM line_services s
   WHERE s.current_status <> 'suspended' ${inScope('s.operator_code')}
  UNION ALL
  -- Only suspended services need their channels counted (suspendedWithAlternative); apart,
  -- so that the planner does not cost the count for every service.
  SELECT ${service}, (SELECT count(*) FROM fallback_channels c WHERE c.service_id = s.id AND ${channelValidAt('c', NOW)})
    FROM line_services s
   WHERE s.current_status = 'suspended' ${inScope('s.operator_code')}
),
gaps AS (
  SELECT s.operator_code, f.kind, f.severity
    FROM findings f JOIN line_services s ON s.id = f.service_id
   WHERE f.resolved_at IS NULL AND f.kind IN (${REPORTED_KINDS_SQL}) ${inScope('s.operator_code')}
),
${operatorCountsCte()},
counted AS (
  INSERT INTO report_counts (${others.join(', ')}, ${list('')})
  SELECT ${others.join(', ')}, ${list('')} FROM operator_counts
  ON CONFLICT (${code}) DO UPDATE SET ${FIGURES.map((figure) => `${figure} = EXCLUDED.${figure}`).join(', ')}
   WHERE (${list('report_counts.')}) IS DISTINCT FROM (${list('EXCLUDED.')})
)
UPDATE report_counts r
   SET ${FIGURES.map((figure) => `${figure} = 0`).join(', ')}
 WHERE NOT EXISTS (SELECT 1 FROM operator_counts o WHERE o.${code} = r.${code}) ${inScope(`r.${code}`)}
   AND (${list('r.')}) IS DISTINCT FROM (${FIGURES.map(() => '0').join(', ')})`;
}
