/** The key of every national body's services, as one group. */
export const NATIONAL = 'national';

/** The group a service row `s` belongs to: NATIONAL for a national body's, else its operator's code. */
const GROUP_KEY = `CASE WHEN s.national_body_code IS NOT NULL THEN '${NATIONAL}' ELSE s.operator_code END`;

/**
 * Services as the availability index reads them, one row each: its group key, what an
 * answer shows, its non-withdrawn timeline and all its channels (times in ms) as JSON.
 * `page`: the next `$2` services after id `$1`, in id order (the index is built by reading
 * these pages in one snapshot, never the whole table at once); `ids`: the services `$1`
 * (uuid[]), read again after they changed.
 */
export function indexedServicesSql(which: 'page' | 'ids'): string {
  const where = which === 'page' ? 's.id > $1::uuid ORDER BY s.id LIMIT $2' : 's.id = ANY ($1::uuid[])';
  return `SELECT ${GROUP_KEY} AS key, s.id, s.name, s.operator_code, coalesce(lg.name, nb.name) AS operator_name,
                CASE WHEN s.national_body_code IS NOT NULL THEN 'national' WHEN lg.kind = 'prefecture' THEN 'prefecture' ELSE 'municipality' END AS level,
                s.department, s.category, s.audiences, s.life_critical, s.url, s.line_hours,
                coalesce((SELECT json_agg(json_build_object('status', sc.status, 'effectiveAt', extract(epoch FROM sc.effective_at) * 1000)
                                          ORDER BY sc.effective_at NULLS FIRST, sc.id)
                            FROM status_changes sc WHERE sc.service_id = s.id AND sc.withdrawn_at IS NULL), '[]') AS timeline,
                coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'platform', c.platform, 'label', c.label, 'contact', c.contact,
                                                            'hours', c.hours, 'notes', c.notes,
                                                            'validFrom', extract(epoch FROM c.valid_from) * 1000,
                                                            'validUntil', extract(epoch FROM c.valid_until) * 1000) ORDER BY c.created_at, c.id)
                            FROM fallback_channels c WHERE c.service_id = s.id), '[]') AS channels
           FROM line_services s
           LEFT JOIN local_governments lg ON lg.code = s.local_government_code
           LEFT JOIN national_bodies nb ON nb.code = s.national_body_code
          WHERE ${where}`;
}
