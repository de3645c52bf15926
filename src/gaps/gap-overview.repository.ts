import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlFilter } from '../common/sql';
import { FINDING_KINDS, SEVERITIES } from './gap-rules';
import type { FindingKind, Severity } from './gap-rules';

/** Where openCounts puts the findings of organisations' services (they are in no prefecture). */
export const ORGANIZATIONS_PLACE = 'organizations';

/** Open findings counted by where their service is and how severe they are. */
export interface OpenCountRow {
  /** The prefecture (national: by prefecture) or the operating local government (a prefecture's page); null for national bodies, `organizations` for organisations' services. */
  place: string | null;
  kind: FindingKind;
  severity: Severity;
  n: number;
}

export interface OpenGapRow {
  id: string;
  service_id: string;
  service_name: string;
  operator_name: string;
  kind: FindingKind;
  severity: Severity;
  opened_at: Date;
  total: number;
}

export interface TimelineRow {
  /** The Tokyo day, YYYY-MM-DD. */
  day: string;
  n: number;
}

/** Ranks of the vocabularies' orders, for ORDER BY: critical first, no_alternative first. */
const SEVERITY_RANK = `array_position(ARRAY[${SEVERITIES.map((s) => `'${s}'`).join(', ')}]::text[], f.severity)`;
const KIND_RANK = `array_position(ARRAY[${FINDING_KINDS.map((k) => `'${k}'`).join(', ')}]::text[], f.kind)`;

/**
 * What the dashboards read of the findings and the history: open findings counted per
 * prefecture or per local government, the open findings most severe first, and the
 * timeline of services stopped with no alternative. Read-only; "open" is the findings
 * table's own (resolved_at IS NULL), the one /v1/gaps answers with.
 */
@Injectable()
export class GapOverviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Open findings counted by kind and severity, per prefecture (national: `prefecture`
   * undefined, national bodies' under null, organisations' under `organizations`) or per
   * operating local government of one prefecture.
   */
  openCounts(prefecture?: string): Promise<OpenCountRow[]> {
    const place = prefecture === undefined ? `CASE WHEN s.organization_code IS NOT NULL THEN '${ORGANIZATIONS_PLACE}' ELSE s.prefecture_code END` : 's.local_government_code';
    const sql = new SqlFilter().where('f.resolved_at IS NULL');
    if (prefecture !== undefined) sql.where(`s.prefecture_code = ${sql.param(prefecture)}`);
    return this.dataSource.query(
      `SELECT ${place}::text AS place, f.kind, f.severity, count(*)::int AS n
         FROM findings f JOIN line_services s ON s.id = f.service_id
         ${sql.toSql()}
        GROUP BY 1, 2, 3`,
      sql.params,
    );
  }

  /** Open findings, most severe first (no_alternative first within a severity), newest first; `total` is the count of all. */
  openGaps(filter: { prefecture?: string; limit: number }): Promise<OpenGapRow[]> {
    const sql = new SqlFilter().where('f.resolved_at IS NULL');
    if (filter.prefecture !== undefined) sql.where(`s.prefecture_code = ${sql.param(filter.prefecture)}`);
    return this.dataSource.query(
      `SELECT f.id, f.service_id, s.name AS service_name, coalesce(lg.name, nb.name, org.name) AS operator_name, f.kind, f.severity, f.opened_at,
              count(*) OVER ()::int AS total
         FROM findings f
         JOIN line_services s ON s.id = f.service_id
         LEFT JOIN local_governments lg ON lg.code = s.local_government_code
         LEFT JOIN national_bodies nb ON nb.code = s.national_body_code
         LEFT JOIN organizations org ON org.code = s.organization_code
         ${sql.toSql()}
        ORDER BY ${SEVERITY_RANK}, ${KIND_RANK}, f.opened_at DESC, f.id
        LIMIT ${sql.param(filter.limit)}`,
      sql.params,
    );
  }

  /**
   * Services stopped with no alternative, per Tokyo day from `from` to `to` (YYYY-MM-DD,
   * inclusive): the number of services that, by their recorded history, were stopped at
   * the end of that day (its last millisecond, 23:59:59.999 Tokyo time, the precision of
   * the stored times; for today: now) and had no fallback channel valid then. The
   * gap rules' no_alternative (gap-rules.ts) read from the history, as the reports' asOf
   * reads it: stopped is suspended, or discontinued after having been active; a status
   * change is in effect from its effective_at (an undated one from always), the latest
   * winning (ties by id), withdrawn ones ignored; a channel is valid in
   * [valid_from, valid_until). So a past period (the spring of 2021) is replayed from the
   * status history, not only from the findings this tracker has opened since it runs.
   *
   * Set-based: per service stopped at some time (and without a channel valid over the whole
   * period), its stopped spans (a window over its status changes) minus its channels'
   * validity (multiranges); then one sweep over the spans' ends and the days' instants.
   */
  noAlternativeTimeline(filter: { from: string; to: string; prefecture?: string }): Promise<TimelineRow[]> {
    const sql = new SqlFilter();
    const from = sql.param(filter.from);
    const to = sql.param(filter.to);
    const scope = filter.prefecture === undefined ? '' : `AND s.prefecture_code = ${sql.param(filter.prefecture)}`;
    // Without JIT (for this transaction only): the planner cannot see how few spans unnest()
    // gives and estimates hundreds of millions of rows, so JIT compiled the statement for
    // 850 ms of its 1.5 s at the benchmark's national scale (100,000 services); 690 ms without.
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL jit = off`);
      return manager.query(
        `WITH days AS MATERIALIZED (
           -- Each day as a Tokyo wall-clock timestamp (not timestamptz, which generate_series would pick for dates).
           SELECT d::date AS day, least((d + interval '1 day' - interval '1 millisecond') AT TIME ZONE 'Asia/Tokyo', now()) AS at
             FROM generate_series(${from}::date::timestamp, ${to}::date::timestamp, interval '1 day') d
         ),
         period AS (SELECT min(at) AS first_at, max(at) AS last_at FROM days),
         -- Services stopped at some time, less those with a channel valid over the whole period (never bare in it).
         candidates AS (
           SELECT DISTINCT sc.service_id
             FROM status_changes sc JOIN line_services s ON s.id = sc.service_id
            WHERE sc.withdrawn_at IS NULL AND sc.status IN ('suspended', 'discontinued') ${scope}
              AND NOT EXISTS (SELECT 1 FROM fallback_channels c, period p
                               WHERE c.service_id = sc.service_id
                                 AND (c.valid_from IS NULL OR c.valid_from <= p.first_at) AND (c.valid_until IS NULL OR c.valid_until > p.last_at))
         ),
         spans AS (
           SELECT sc.service_id, sc.status,
                  coalesce(sc.effective_at, '-infinity') AS from_at,
                  lead(coalesce(sc.effective_at, '-infinity'), 1, 'infinity') OVER w AS until_at,
                  min(coalesce(sc.effective_at, '-infinity')) FILTER (WHERE sc.status = 'active') OVER (PARTITION BY sc.service_id) AS first_active
             FROM status_changes sc JOIN candidates USING (service_id)
            WHERE sc.withdrawn_at IS NULL
           WINDOW w AS (PARTITION BY sc.service_id ORDER BY sc.effective_at ASC NULLS FIRST, sc.id)
         ),
         stopped AS (
           SELECT service_id, range_agg(tstzrange(from_at, until_at)) AS spans
             FROM spans
            WHERE status = 'suspended' OR (status = 'discontinued' AND first_active <= from_at)
            GROUP BY service_id
         ),
         covered AS (
           SELECT c.service_id, range_agg(tstzrange(coalesce(c.valid_from, '-infinity'), coalesce(c.valid_until, 'infinity'))) AS spans
             FROM fallback_channels c JOIN stopped USING (service_id)
            GROUP BY c.service_id
         ),
         -- Each span of time a service was stopped with no valid channel: [lower, upper).
         bare AS MATERIALIZED (
           SELECT r
             FROM stopped st LEFT JOIN covered cv USING (service_id)
            CROSS JOIN LATERAL unnest(st.spans - coalesce(cv.spans, '{}'::tstzmultirange)) r
         ),
         -- A sweep: +1 where a span begins, -1 where it ends, and each day's instant after the changes at that instant.
         marks AS (
           SELECT lower(r) AS t, 1 AS delta, false AS is_day, NULL::date AS day FROM bare
           UNION ALL SELECT upper(r), -1, false, NULL FROM bare
           UNION ALL SELECT at, 0, true, day FROM days
         ),
         running AS (
           SELECT day, is_day, sum(delta) OVER (ORDER BY t, is_day) AS n FROM marks
         )
         SELECT to_char(day, 'YYYY-MM-DD') AS day, n::int AS n
           FROM running
          WHERE is_day
          ORDER BY day`,
        sql.params,
      );
    });
  }
}
