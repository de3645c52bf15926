import { MigrationInterface, QueryRunner } from 'typeorm';

/** The figures of a report row counted per operator (OPERATOR_COUNT_KEYS of report-columns.ts, in snake_case), as of this migration. */
const FIGURES = [
  'services',
  'planned',
  'postponed',
  'active',
  'suspended',
  'discontinued',
  'handling_personal_data',
  'suspended_with_alternative',
  'no_alternative_critical',
  'no_alternative_high',
  'no_alternative_medium',
  'no_alternative_low',
  'impending_no_alternative',
  'category_consultation',
  'category_information',
  'category_reservation',
  'category_payment',
  'category_application',
  'category_health_monitoring',
  'category_other',
];

/**
 * The national report for now summed 100,000 services, their channels and findings on every
 * request (about 0.2 to 0.45 s at national scale). The continuity engine now keeps its
 * figures per operator (a local government or a national body: about 2,000 rows), recounted
 * in the transactions that change them (src/reports/report-counts.sql.ts), and the report
 * sums those. Reports as of a past time are still counted from the history.
 *
 * The backfill counts the existing services as that recount does at this migration's time
 * (the sweep recounts every operator anyway); test/migrations.e2e-spec.ts checks that the two
 * agree.
 */
export class ReportCounts1764500000000 implements MigrationInterface {
  name = 'ReportCounts1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_counts (
        local_government_code char(6) REFERENCES local_governments (code),
        national_body_code    text REFERENCES national_bodies (code),
        operator_code         text GENERATED ALWAYS AS (coalesce(local_government_code::text, national_body_code)) STORED PRIMARY KEY,
        prefecture_code       char(2),
        ${FIGURES.map((figure) => `${figure} integer NOT NULL DEFAULT 0 CHECK (${figure} >= 0)`).join(',\n        ')},
        CHECK (num_nonnulls(local_government_code, national_body_code) = 1),
        CHECK ((national_body_code IS NULL) = (prefecture_code IS NOT NULL))
      )`);
    await q.query(`
      INSERT INTO report_counts (local_government_code, national_body_code, prefecture_code, ${FIGURES.join(', ')})
      WITH svc AS (
        SELECT s.operator_code, s.local_government_code, s.national_body_code, s.prefecture_code, s.current_status AS status, s.category, s.handles_personal_data,
               CASE WHEN s.current_status = 'suspended'
                    THEN (SELECT count(*) FROM fallback_channels c
                           WHERE c.service_id = s.id AND (c.valid_from IS NULL OR c.valid_from <= statement_timestamp())
                             AND (c.valid_until IS NULL OR c.valid_until > statement_timestamp()))
                    ELSE 0 END AS n_channels
          FROM line_services s
         WHERE s.current_status IS NOT NULL
      ),
      gaps AS (
        SELECT s.operator_code, f.kind, f.severity
          FROM findings f JOIN line_services s ON s.id = f.service_id
         WHERE f.resolved_at IS NULL AND f.kind IN ('no_alternative', 'impending_no_alternative')
      ),
      sv AS (
        SELECT operator_code, min(local_government_code) AS local_government_code, min(national_body_code) AS national_body_code,
               min(prefecture_code) AS prefecture_code,
               count(*) AS services,
               count(*) FILTER (WHERE status = 'planned') AS planned,
               count(*) FILTER (WHERE status = 'postponed') AS postponed,
               count(*) FILTER (WHERE status = 'active') AS active,
               count(*) FILTER (WHERE status = 'suspended') AS suspended,
               count(*) FILTER (WHERE status = 'discontinued') AS discontinued,
               count(*) FILTER (WHERE handles_personal_data) AS handling_personal_data,
               count(*) FILTER (WHERE status = 'suspended' AND n_channels > 0) AS suspended_with_alternative,
               count(*) FILTER (WHERE category = 'consultation') AS category_consultation,
               count(*) FILTER (WHERE category = 'information') AS category_information,
               count(*) FILTER (WHERE category = 'reservation') AS category_reservation,
               count(*) FILTER (WHERE category = 'payment') AS category_payment,
               count(*) FILTER (WHERE category = 'application') AS category_application,
               count(*) FILTER (WHERE category = 'health_monitoring') AS category_health_monitoring,
               count(*) FILTER (WHERE category = 'other') AS category_other
          FROM svc GROUP BY operator_code
      ),
      g AS (
        SELECT operator_code,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'critical') AS no_alternative_critical,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'high') AS no_alternative_high,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'medium') AS no_alternative_medium,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'low') AS no_alternative_low,
               count(*) FILTER (WHERE kind = 'impending_no_alternative') AS impending_no_alternative
          FROM gaps GROUP BY operator_code
      )
      SELECT sv.local_government_code, sv.national_body_code, sv.prefecture_code,
             ${FIGURES.map((figure) => `coalesce(${figure}, 0)`).join(', ')}
        FROM sv LEFT JOIN g ON g.operator_code = sv.operator_code`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_counts`);
  }
}
