/** The key of every national body's services, as one group. */
export const NATIONAL = 'national';

/**
 * The key of an organisation's services as one group. Prefixed: an organisation's code has the
 * form of a national body's, and could even be `national`.
 */
export const organizationKey = (code: string) => `organization:${code}`;

/** The group a service row `s` belongs to: NATIONAL for a national body's, an organisation's key, else its operator's code. */
const GROUP_KEY = `CASE WHEN s.national_body_code IS NOT NULL THEN '${NATIONAL}' WHEN s.organization_code IS NOT NULL THEN '${organizationKey('')}' || s.organization_code ELSE s.operator_code END`;

/**
 * Services as the availability index reads them, one row each: its group key, what an
 * answer shows, its non-withdrawn timeline and all its channels (times in ms) as JSON.
 * `page`: the next `$2` services after id `$1`, in id order (the index is built by reading
 * these pages in one snapshot, never the whole table at once); `ids`: the services `$1`
 * (uuid[]), read again after they changed.
 */
export function indexedServicesSql(which: 'page' | 'ids'): string {
  const where = which === 'page' ? 's.id > $1::uuid ORDER BY s.id LIMIT $2' : 's.id = ANY ($1::uuid[])';
  return `SELECT ${GROUP_KEY} AS key, s.id, s.name, s.operator_code, coalesce(lg.name, nb.name, o.name) AS operator_name,
                CASE WHEN s.national_body_code IS NOT NULL THEN 'national' WHEN s.organization_code IS NOT NULL THEN 'organization'
                     WHEN lg.kind = 'prefecture' THEN 'prefecture' ELSE 'municipality' END AS level,
                s.department, s.category, s.audiences, s.life_critical, s.url, s.line_hours, s.public_notice, s.successor_service_id,
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
           LEFT JOIN organizations o ON o.code = s.organization_code
          WHERE ${where}`;
}

/**
 * Where organisations' services reach, read with the index in the same snapshot: each
 * organisation's code and whether it is nationwide, with the local governments it covers
 * (none for a nationwide one).
 */
export const ORGANIZATION_COVERAGE_SQL = `SELECT o.code, o.nationwide, coalesce(array_agg(c.local_government_code::text ORDER BY c.local_government_code) FILTER (WHERE c.local_government_code IS NOT NULL), '{}') AS local_governments
   FROM organizations o LEFT JOIN organization_coverage c ON c.organization_code = o.code
  GROUP BY o.code ORDER BY o.code`;
