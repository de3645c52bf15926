import { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const VERIFICATION_METHODS = ['phone_call', 'website', 'official_notice', 'self_report'];
const CHANNEL_KINDS = ['phone', 'email', 'fax', 'web_form', 'in_person', 'chat_platform', 'website', 'postal'];
const DATA_STORAGE = ['line_servers', 'operator_system_in_japan', 'overseas', 'unknown'];
const LEGAL_FORMS = ['certified_npo', 'npo', 'general_incorporated', 'public_interest', 'other'];

/**
 * Records people can trust and act on (issue 14):
 * - verifications, kept apart from edits: `service_verifications` holds every confirmation,
 *   and the service row keeps the latest (`last_verified_at`, `last_verified_by`), written in
 *   the same transaction, so that the engine reads one column;
 * - a switch-first plan (`transition_*`: what the service moves to, the planned switch and
 *   stop dates, Tokyo days), the successor of a discontinued service, a public notice;
 * - the data-handling facts the March 2021 decisions turned on (confidential information,
 *   where conversation data is stored); `handles_confidential_data` is null when not known;
 * - organisations other than governments (認定NPO法人 and the like) as operators, with a
 *   coverage (nationwide, or listed local governments), and `npo` tokens scoped to one.
 */
export class TrustworthyRecords1765100000000 implements MigrationInterface {
  name = 'TrustworthyRecords1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_en     text CHECK (length(name_en) BETWEEN 1 AND 200),
        legal_form  text NOT NULL CHECK (legal_form IN (${list(LEGAL_FORMS)})),
        url         text,
        nationwide  boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE organization_coverage (
        organization_code     text NOT NULL REFERENCES organizations (code) ON DELETE CASCADE,
        local_government_code char(6) NOT NULL REFERENCES local_governments (code),
        PRIMARY KEY (organization_code, local_government_code)
      )`);
    await q.query(`CREATE INDEX organization_coverage_place ON organization_coverage (local_government_code)`);

    // operator_code is generated from the operator columns: dropped and made again with the third.
    await q.query(`DROP INDEX line_services_operator_name`);
    await q.query(`ALTER TABLE line_services DROP CONSTRAINT line_services_check, DROP CONSTRAINT line_services_check1, DROP COLUMN operator_code`);
    await q.query(`
      ALTER TABLE line_services
        ADD COLUMN organization_code text REFERENCES organizations (code),
        ADD COLUMN operator_code text GENERATED ALWAYS AS (coalesce(local_government_code::text, national_body_code, organization_code)) STORED,
        ADD CONSTRAINT line_services_one_operator CHECK (num_nonnulls(local_government_code, national_body_code, organization_code) = 1),
        ADD CONSTRAINT line_services_prefecture_of_local CHECK ((local_government_code IS NULL) = (prefecture_code IS NULL)),
        ADD COLUMN last_verified_at timestamptz,
        ADD COLUMN last_verified_by text,
        ADD COLUMN public_notice text CONSTRAINT line_services_public_notice_length CHECK (length(public_notice) BETWEEN 1 AND 500),
        ADD COLUMN successor_service_id uuid REFERENCES line_services (id) ON DELETE SET NULL,
        ADD CONSTRAINT line_services_successor_not_self CHECK (successor_service_id <> id),
        ADD COLUMN transition_to_kind text CHECK (transition_to_kind IN (${list(CHANNEL_KINDS)})),
        ADD COLUMN transition_to_platform text CHECK (length(transition_to_platform) BETWEEN 1 AND 100),
        ADD COLUMN transition_switch_on date,
        ADD COLUMN transition_stop_on date,
        ADD CONSTRAINT line_services_transition_whole CHECK (transition_to_kind IS NOT NULL OR (transition_to_platform IS NULL AND transition_switch_on IS NULL AND transition_stop_on IS NULL)),
        ADD COLUMN handles_confidential_data boolean,
        ADD COLUMN conversation_data_storage text NOT NULL DEFAULT 'unknown' CHECK (conversation_data_storage IN (${list(DATA_STORAGE)}))`);
    await q.query(`CREATE UNIQUE INDEX line_services_operator_name ON line_services (operator_code, name)`);
    await q.query(`CREATE INDEX line_services_organization ON line_services (organization_code) WHERE organization_code IS NOT NULL`);

    await q.query(`
      CREATE TABLE service_verifications (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        service_id           uuid NOT NULL REFERENCES line_services (id) ON DELETE CASCADE,
        method               text NOT NULL CHECK (method IN (${list(VERIFICATION_METHODS)})),
        source_url           text,
        note                 text CHECK (length(note) <= 1000),
        verified_at          timestamptz NOT NULL,
        verified_by          text NOT NULL,
        verified_by_token_id uuid REFERENCES access_tokens (id),
        recorded_at          timestamptz NOT NULL DEFAULT now(),
        CHECK (verified_at <= recorded_at)
      )`);
    await q.query(`CREATE INDEX service_verifications_service ON service_verifications (service_id, verified_at DESC, id DESC)`);

    // An npo token is scoped to its organisation (or, unscoped, writes nothing, as before).
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_check`);
    await q.query(`
      ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_check CHECK (
        (role = 'prefecture' AND scope ~ '^[0-9]{2}$') OR
        (role = 'municipality' AND scope ~ '^[0-9]{6}$') OR
        (role = 'ministry' AND scope IS NULL) OR
        (role = 'npo' AND (scope IS NULL OR scope ~ '^[a-z][a-z0-9_]{1,31}$')))`);

    // Availability shows the public notice, the successor and the organisation: a change to them is a change it must see.
    await q.query(`
      CREATE OR REPLACE FUNCTION availability_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM availability_changed(ARRAY(SELECT DISTINCT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.name, o.department, o.category, o.audiences, o.life_critical, o.url, o.line_hours, o.local_government_code, o.national_body_code, o.prefecture_code,
                   o.organization_code, o.public_notice, o.successor_service_id)
                  IS DISTINCT FROM
                  (n.name, n.department, n.category, n.audiences, n.life_critical, n.url, n.line_hours, n.local_government_code, n.national_body_code, n.prefecture_code,
                   n.organization_code, n.public_notice, n.successor_service_id)));
          RETURN NULL;
        END $$`);
    // Organisations and their coverage decide which places see their services: like the registry, a change to them is a change to everything.
    for (const [event, transition, fn] of [
      ['INSERT', 'NEW TABLE AS new_rows', 'availability_registry_inserted'],
      ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows', 'availability_registry_updated'],
      ['DELETE', 'OLD TABLE AS old_rows', 'availability_registry_deleted'],
    ]) {
      const verb = event.toLowerCase().replace(/e?$/, 'ed');
      await q.query(`CREATE TRIGGER availability_organizations_${verb} AFTER ${event} ON organizations REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(`CREATE TRIGGER availability_organization_coverage_${verb} AFTER ${event} ON organization_coverage FOR EACH STATEMENT EXECUTE FUNCTION availability_everything_changed()`);
    }
    for (const table of ['organizations', 'organization_coverage']) {
      await q.query(`CREATE TRIGGER availability_${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION availability_everything_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['organizations', 'organization_coverage']) {
      for (const verb of ['inserted', 'updated', 'deleted', 'truncated']) await q.query(`DROP TRIGGER availability_${table}_${verb} ON ${table}`);
    }
    await q.query(`
      CREATE OR REPLACE FUNCTION availability_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM availability_changed(ARRAY(SELECT DISTINCT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.name, o.department, o.category, o.audiences, o.life_critical, o.url, o.line_hours, o.local_government_code, o.national_body_code, o.prefecture_code)
                  IS DISTINCT FROM
                  (n.name, n.department, n.category, n.audiences, n.life_critical, n.url, n.line_hours, n.local_government_code, n.national_body_code, n.prefecture_code)));
          RETURN NULL;
        END $$`);
    await q.query(`DELETE FROM access_tokens WHERE role = 'npo' AND scope IS NOT NULL`);
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_check`);
    await q.query(`
      ALTER TABLE access_tokens ADD CONSTRAINT access_tokens_check CHECK (
        (role = 'prefecture' AND scope ~ '^[0-9]{2}$') OR
        (role = 'municipality' AND scope ~ '^[0-9]{6}$') OR
        (role IN ('ministry', 'npo') AND scope IS NULL))`);
    await q.query(`DROP TABLE service_verifications`);
    await q.query(`DELETE FROM line_services WHERE organization_code IS NOT NULL`);
    await q.query(`DROP INDEX line_services_organization`);
    await q.query(`DROP INDEX line_services_operator_name`);
    await q.query(`
      ALTER TABLE line_services
        DROP COLUMN conversation_data_storage, DROP COLUMN handles_confidential_data,
        DROP CONSTRAINT line_services_transition_whole,
        DROP COLUMN transition_stop_on, DROP COLUMN transition_switch_on, DROP COLUMN transition_to_platform, DROP COLUMN transition_to_kind,
        DROP CONSTRAINT line_services_successor_not_self, DROP COLUMN successor_service_id,
        DROP COLUMN public_notice, DROP COLUMN last_verified_by, DROP COLUMN last_verified_at,
        DROP CONSTRAINT line_services_prefecture_of_local, DROP CONSTRAINT line_services_one_operator,
        DROP COLUMN operator_code, DROP COLUMN organization_code`);
    await q.query(`
      ALTER TABLE line_services
        ADD COLUMN operator_code text GENERATED ALWAYS AS (coalesce(local_government_code::text, national_body_code)) STORED,
        ADD CONSTRAINT line_services_check CHECK (num_nonnulls(local_government_code, national_body_code) = 1),
        ADD CONSTRAINT line_services_check1 CHECK ((national_body_code IS NULL) = (prefecture_code IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX line_services_operator_name ON line_services (operator_code, name)`);
    await q.query(`DROP TABLE organization_coverage`);
    await q.query(`DROP TABLE organizations`);
  }
}
