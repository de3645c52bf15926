/**
 * Sets each service's current status to the latest change that has taken effect (withdrawn
 * changes aside) and records a `service.status_changed` event where it changed. Used by
 * the API in the transaction that records a change, by the worker when a scheduled change
 * comes due, and by the sweep for every service at once.
 *
 * `scope`: a condition on a service id column (`= ANY($1::uuid[])`), or null for all.
 * `bumpVersion`: the API's own write already bumps the version; the worker's must.
 * "Now" is statement_timestamp(): a write's transaction may have begun before it waited for
 * the service's row lock, and must see the change the other writer just committed.
 */
export function refreshStatusSql(scope: string | null, bumpVersion: boolean): string {
  const inScope = (column: string) => (scope ? `AND ${column} ${scope}` : '');
  return `
WITH latest AS (
  SELECT DISTINCT ON (sc.service_id) sc.service_id, sc.status, sc.effective_at
    FROM status_changes sc
   WHERE sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= statement_timestamp()) ${inScope('sc.service_id')}
   ORDER BY sc.service_id, sc.effective_at DESC NULLS LAST, sc.id DESC
),
updated AS (
  UPDATE line_services s
     SET current_status = l.status, current_status_since = l.effective_at
         ${bumpVersion ? ', version = s.version + 1, updated_at = now()' : ''}
    FROM latest l, line_services old
   WHERE s.id = l.service_id AND old.id = s.id
     AND (s.current_status IS DISTINCT FROM l.status OR s.current_status_since IS DISTINCT FROM l.effective_at)
  RETURNING s.id, s.name, s.operator_code, s.prefecture_code, s.category, old.current_status AS previous_status, s.current_status, s.current_status_since
)
INSERT INTO events (type, service_id, prefecture_code, category, data)
SELECT 'service.status_changed', id, prefecture_code, category,
       jsonb_build_object('serviceId', id, 'serviceName', name, 'operatorCode', operator_code, 'prefectureCode', prefecture_code,
                          'previousStatus', previous_status, 'status', current_status, 'since', current_status_since)
  FROM updated
 WHERE previous_status IS DISTINCT FROM current_status
RETURNING id`;
}
