/** The key of every national body's services, as one group. */
export const NATIONAL = 'national';

/** The group a service row `s` belongs to: NATIONAL for a national body's, else its operator's code. */
const GROUP_KEY = `CASE WHEN s.national_body_code IS NOT NULL THEN '${NATIONAL}' ELSE s.operator_code END`;

/**
 * The signature of each group: `(key, n, v)`, the count of its services and the sum of their
 * versions, which every write changes. $1: the operator codes (text[]); the national group
 * is always included. A group with no service has no row.
 */
export function signaturesSql(): string {
  return `SELECT ${GROUP_KEY} AS key, count(*) AS n, sum(s.version) AS v
         FROM line_services s WHERE s.operator_code = ANY ($1) OR s.national_body_code IS NOT NULL
        GROUP BY 1`;
}

/**
 * The services of some groups, one row each with its group key, its non-withdrawn timeline
 * and all its channels (times in ms) as JSON. $1: the operator codes (text[]); `national`:
 * whether the national group is asked for too.
 */
export function loadSql(national: boolean): string {
  return `SELECT ${GROUP_KEY} AS key, s.id, s.name, s.operator_code, coalesce(lg.name, nb.name) AS operator_name,
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
          WHERE s.operator_code = ANY ($1) ${national ? 'OR s.national_body_code IS NOT NULL' : ''}`;
}
