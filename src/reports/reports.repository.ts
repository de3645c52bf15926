import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { desiredFindingsCtes } from '../gaps/reconcile.sql';
import type { ReportRowDto } from './dto/report.dto';
import { COUNT_COLUMNS, COUNT_KEYS } from './report-columns';

export const NATIONAL_ROW = { code: 'national', name: '国の機関' } as const;

/**
 * One row per service existing at $1 (it has a status change in effect by then), with what
 * the report counts: its status then (from the history), the channels valid then, and the
 * no_alternative / impending_no_alternative findings the gap rules give at that time.
 * `rowKey` is the SQL expression that puts the service in a report row.
 */
function servicesAt(scope: string | null, rowKey: string): string {
  return `
WITH ${desiredFindingsCtes(scope, '$1::timestamptz')},
svc AS (
  SELECT ${rowKey} AS row_key,
         coalesce(lg.parent_code::text, s.operator_code) AS operator,
         st.current_status AS status, st.n_channels, s.category, s.handles_personal_data,
         na.severity AS no_alternative, im.service_id IS NOT NULL AS impending
    FROM state st
    JOIN line_services s ON s.id = st.service_id
    LEFT JOIN local_governments lg ON lg.code = s.local_government_code
    LEFT JOIN desired na ON na.service_id = st.service_id AND na.kind = 'no_alternative'
    LEFT JOIN desired im ON im.service_id = st.service_id AND im.kind = 'impending_no_alternative'
),
counts AS (
  SELECT row_key, ${COUNT_KEYS.filter((key) => COUNT_COLUMNS[key].sql)
    .map((key) => `${COUNT_COLUMNS[key].sql} AS "${key}"`)
    .join(',\n         ')}
    FROM svc GROUP BY row_key
)`;
}

/** The figures of each row of `frame (code, name, kind, local_governments, sort)`, zero where it has no services. */
function rowsSelect(): string {
  const figures = COUNT_KEYS.map((key) => (COUNT_COLUMNS[key].sql ? `coalesce(c."${key}", 0)::int AS "${key}"` : `f.local_governments::int AS "${key}"`));
  return `
SELECT f.code, f.name, f.kind, ${figures.join(', ')}
  FROM frame f LEFT JOIN counts c ON c.row_key = f.code
 ORDER BY f.sort, f.code`;
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One row per prefecture (with all its local governments) and one for the national bodies. */
  national(asOf: string): Promise<ReportRowDto[]> {
    return this.dataSource.query(
      `${servicesAt(null, `CASE WHEN s.national_body_code IS NOT NULL THEN '${NATIONAL_ROW.code}' ELSE s.prefecture_code::text END`)},
frame AS (
  SELECT lg.prefecture_code::text AS code, max(lg.name) FILTER (WHERE lg.kind = 'prefecture') AS name, 'prefecture' AS kind,
         count(*) FILTER (WHERE lg.kind <> 'designated_city_ward') AS local_governments, 1 AS sort
    FROM local_governments lg GROUP BY lg.prefecture_code
  UNION ALL
  SELECT '${NATIONAL_ROW.code}', '${NATIONAL_ROW.name}', 'national', count(*), 2 FROM national_bodies
)${rowsSelect()}`,
      [asOf],
    );
  }

  /** One row per local government of the prefecture (itself included), designated-city wards folded into their city. */
  prefecture(asOf: string, prefectureCode: string): Promise<ReportRowDto[]> {
    return this.dataSource.query(
      `${servicesAt('IN (SELECT x.id FROM line_services x WHERE x.prefecture_code = $2)', 'coalesce(lg.parent_code, s.local_government_code)::text')},
frame AS (
  SELECT lg.code::text AS code, lg.name, lg.kind, 1 AS local_governments, 1 AS sort
    FROM local_governments lg WHERE lg.prefecture_code = $2 AND lg.kind <> 'designated_city_ward'
)${rowsSelect()}`,
      [asOf, prefectureCode],
    );
  }
}
