import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlFilter } from '../common/sql';
import { FINDING_KINDS, SEVERITIES } from './gap-rules';
import type { FindingKind, Severity } from './gap-rules';

/** Open findings counted by where their service is and how severe they are. */
export interface OpenCountRow {
  /** The prefecture (national: by prefecture) or the operating local government (a prefecture's page); null for national bodies. */
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
   * undefined, national bodies' under null) or per operating local government of one prefecture.
   */
  openCounts(prefecture?: string): Promise<OpenCountRow[]> {
    const place = prefecture === undefined ? 's.prefecture_code' : 's.local_government_code';
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
      `SELECT f.id, f.service_id, s.name AS service_name, coalesce(lg.name, nb.name) AS operator_name, f.kind, f.severity, f.opened_at,
              count(*) OVER ()::int AS total
         FROM findings f
         JOIN line_services s ON s.id = f.service_id
         LEFT JOIN local_governments lg ON lg.code = s.local_government_code
         LEFT JOIN national_bodies nb ON nb.code = s.national_body_code
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
   * Set-based: per service ever stopped, its stopped spans (a window over its status
   * changes) minus its channels' validity (multiranges), then one count per day.
   */
  noAlternativeTimeline(filter: { from: string; to: string; prefecture?: string }): Promise<TimelineRow[]> {
    const sql = new SqlFilter();
    const from = sql.param(filter.from);
    const to = sql.param(filter.to);
    const scope = filter.prefecture === undefined ? '' : `AND s.prefecture_code = ${sql.param(filter.prefecture)}`;
    return this.dataSource.query(
      `WITH ever_stopped AS (
         SELECT DISTINCT sc.service_id
           FROM status_changes sc JOIN line_services s ON s.id = sc.service_id
          WHERE sc.withdrawn_at IS NULL AND sc.status IN ('suspended', 'discontinued') ${scope}
       ),
       spans AS (
         SELECT sc.service_id, sc.status,
                coalesce(sc.effective_at, '-infinity') AS from_at,
                lead(coalesce(sc.effective_at, '-infinity'), 1, 'infinity') OVER w AS until_at,
                min(coalesce(sc.effective_at, '-infinity')) FILTER (WHERE sc.status = 'active') OVER (PARTITION BY sc.service_id) AS first_active
           FROM status_changes sc JOIN ever_stopped USING (service_id)
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
       bare AS (
         SELECT st.service_id, st.spans - coalesce(cv.spans, '{}'::tstzmultirange) AS spans
           FROM stopped st LEFT JOIN covered cv USING (service_id)
       ),
       -- Each day as a Tokyo wall-clock timestamp (not timestamptz, which generate_series would pick for dates).
       days AS (
         SELECT d::date AS day, least((d + interval '1 day' - interval '1 millisecond') AT TIME ZONE 'Asia/Tokyo', now()) AS at
           FROM generate_series(${from}::date::timestamp, ${to}::date::timestamp, interval '1 day') d
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, count(b.service_id)::int AS n
         FROM days LEFT JOIN bare b ON b.spans @> days.at
        GROUP BY days.day
        ORDER BY days.day`,
      sql.params,
    );
  }
}
