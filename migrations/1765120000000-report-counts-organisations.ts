import { MigrationInterface, QueryRunner } from 'typeorm';

/** The figures of a report row counted per operator before this migration (as 1764500000000 made them). */
const EARLIER_FIGURES = [
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

/** The figures this migration adds (issue 14): stale records, and the data-handling facts of the services. */
const ADDED_FIGURES = [
  'stale_records',
  'handling_confidential_data',
  'confidential_data_not_known',
  'storage_line_servers',
  'storage_operator_system_in_japan',
  'storage_overseas',
  'storage_unknown',
  'suspended_storage_line_servers',
  'suspended_storage_operator_system_in_japan',
  'suspended_storage_overseas',
  'suspended_storage_unknown',
];

/** Every figure counted per operator (OPERATOR_COUNT_KEYS of report-columns.ts, in snake_case), as of this migration. */
const FIGURES = [...EARLIER_FIGURES, ...ADDED_FIGURES];

const STORAGE = ['line_servers', 'operator_system_in_japan', 'overseas', 'unknown'];

/**
 * The report figures kept per operator (report_counts) for issue 14:
 * - organisations other than governments operate services too (1765100000000): a row of
 *   report_counts may be an organisation's, and its operator_code is generated as
 *   line_services.operator_code is, from the three operator columns;
 * - the figures of the new columns: open stale_record findings, and the services' data
 *   handling (confidential data, where conversation data is stored, and the same among the
 *   suspended services).
 *
 * The table is made again, with its columns in the order the reports list them, and filled as
 * the continuity engine's recount counts at this migration's time (the sweep recounts every
 * operator anyway); test/migrations.e2e-spec.ts checks that the two agree.
 */
export class ReportCountsOrganisations1765120000000 implements MigrationInterface {
  name = 'ReportCountsOrganisations1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_counts`);
    await q.query(`
      CREATE TABLE report_counts (
        local_government_code char(6) REFERENCES local_governments (code),
        national_body_code    text REFERENCES national_bodies (code),
        organization_code     text REFERENCES organizations (code) ON DELETE CASCADE,
        operator_code         text GENERATED ALWAYS AS (coalesce(local_government_code::text, national_body_code, organization_code)) STORED PRIMARY KEY,
        prefecture_code       char(2),
        ${FIGURES.map((figure) => `${figure} integer NOT NULL DEFAULT 0 CHECK (${figure} >= 0)`).join(',\n        ')},
        CONSTRAINT report_counts_one_operator CHECK (num_nonnulls(local_government_code, national_body_code, organization_code) = 1),
        CONSTRAINT report_counts_prefecture_of_local CHECK ((local_government_code IS NULL) = (prefecture_code IS NULL))
      )`);
    await q.query(`
      INSERT INTO report_counts (local_government_code, national_body_code, organization_code, prefecture_code, ${FIGURES.join(', ')})
      WITH svc AS (
        SELECT s.operator_code, s.local_government_code, s.national_body_code, s.organization_code, s.prefecture_code,
               s.current_status AS status, s.category, s.handles_personal_data, s.handles_confidential_data, s.conversation_data_storage,
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
         WHERE f.resolved_at IS NULL AND f.kind IN ('no_alternative', 'impending_no_alternative', 'stale_record')
      ),
      sv AS (
        SELECT operator_code, min(local_government_code) AS local_government_code, min(national_body_code) AS national_body_code,
               min(organization_code) AS organization_code, min(prefecture_code) AS prefecture_code,
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
               count(*) FILTER (WHERE category = 'other') AS category_other,
               count(*) FILTER (WHERE handles_confidential_data) AS handling_confidential_data,
               count(*) FILTER (WHERE handles_confidential_data IS NULL) AS confidential_data_not_known,
               ${STORAGE.map((storage) => `count(*) FILTER (WHERE conversation_data_storage = '${storage}') AS storage_${storage}`).join(',\n               ')},
               ${STORAGE.map((storage) => `count(*) FILTER (WHERE status = 'suspended' AND conversation_data_storage = '${storage}') AS suspended_storage_${storage}`).join(',\n               ')}
          FROM svc GROUP BY operator_code
      ),
      g AS (
        SELECT operator_code,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'critical') AS no_alternative_critical,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'high') AS no_alternative_high,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'medium') AS no_alternative_medium,
               count(*) FILTER (WHERE kind = 'no_alternative' AND severity = 'low') AS no_alternative_low,
               count(*) FILTER (WHERE kind = 'impending_no_alternative') AS impending_no_alternative,
               count(*) FILTER (WHERE kind = 'stale_record') AS stale_records
          FROM gaps GROUP BY operator_code
      )
      SELECT sv.local_government_code, sv.national_body_code, sv.organization_code, sv.prefecture_code,
             ${FIGURES.map((figure) => `coalesce(${figure}, 0)`).join(', ')}
        FROM sv LEFT JOIN g ON g.operator_code = sv.operator_code`);
  }

  /** Back to the table of 1764500000000: the organisations' rows and the added figures go (the sweep counted them; nothing else holds them). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM report_counts WHERE organization_code IS NOT NULL`);
    await q.query(`
      ALTER TABLE report_counts
        DROP CONSTRAINT report_counts_one_operator,
        DROP CONSTRAINT report_counts_prefecture_of_local,
        DROP COLUMN operator_code,
        DROP COLUMN organization_code,
        ${ADDED_FIGURES.map((figure) => `DROP COLUMN ${figure}`).join(',\n        ')}`);
    await q.query(`
      ALTER TABLE report_counts
        ADD COLUMN operator_code text GENERATED ALWAYS AS (coalesce(local_government_code::text, national_body_code)) STORED PRIMARY KEY,
        ADD CHECK (num_nonnulls(local_government_code, national_body_code) = 1),
        ADD CHECK ((national_body_code IS NULL) = (prefecture_code IS NOT NULL))`);
  }
}
