import { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const KINDS = ['prefecture', 'city', 'town', 'village', 'ward', 'designated_city_ward'];
const CATEGORIES = ['consultation', 'information', 'reservation', 'payment', 'application', 'health_monitoring', 'other'];
const STATUSES = ['planned', 'postponed', 'active', 'suspended', 'discontinued'];
const CHANNEL_KINDS = ['phone', 'email', 'fax', 'web_form', 'in_person', 'chat_platform', 'website', 'postal'];
const ROLES = ['ministry', 'prefecture', 'municipality', 'npo'];

export class Registry1763800000000 implements MigrationInterface {
  name = 'Registry1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE local_governments (
        code            char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
        prefecture_code char(2) NOT NULL CHECK (prefecture_code = substr(code, 1, 2)),
        kind            text NOT NULL CHECK (kind IN (${list(KINDS)})),
        name            text NOT NULL,
        name_kana       text NOT NULL,
        parent_code     char(6) REFERENCES local_governments (code),
        notes           text,
        CHECK ((kind = 'designated_city_ward') = (parent_code IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX local_governments_prefecture ON local_governments (prefecture_code, code)`);

    await q.query(`
      CREATE TABLE national_bodies (
        code    text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
        name    text NOT NULL,
        name_en text NOT NULL,
        notes   text
      )`);

    await q.query(`
      CREATE TABLE access_tokens (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name         text NOT NULL,
        role         text NOT NULL CHECK (role IN (${list(ROLES)})),
        scope        text,
        token_hash   char(64) NOT NULL UNIQUE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz,
        CHECK (
          (role = 'prefecture' AND scope ~ '^[0-9]{2}$') OR
          (role = 'municipality' AND scope ~ '^[0-9]{6}$') OR
          (role IN ('ministry', 'npo') AND scope IS NULL)
        )
      )`);

    await q.query(`
      CREATE TABLE line_services (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        local_government_code char(6) REFERENCES local_governments (code),
        national_body_code    text REFERENCES national_bodies (code),
        operator_code         text GENERATED ALWAYS AS (coalesce(local_government_code::text, national_body_code)) STORED,
        prefecture_code       char(2),
        name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        department            text,
        category              text NOT NULL CHECK (category IN (${list(CATEGORIES)})),
        audiences             text[] NOT NULL DEFAULT '{}',
        handles_personal_data boolean NOT NULL DEFAULT false,
        life_critical         boolean NOT NULL DEFAULT false,
        description           text,
        url                   text,
        line_hours            jsonb,
        current_status        text CHECK (current_status IN (${list(STATUSES)})),
        current_status_since  timestamptz,
        version               integer NOT NULL DEFAULT 1,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CHECK (num_nonnulls(local_government_code, national_body_code) = 1),
        CHECK ((national_body_code IS NULL) = (prefecture_code IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX line_services_operator_name ON line_services (operator_code, name)`);
    await q.query(`CREATE INDEX line_services_prefecture ON line_services (prefecture_code)`);
    await q.query(`CREATE INDEX line_services_status ON line_services (current_status)`);
    await q.query(`CREATE INDEX line_services_created ON line_services (created_at, id)`);
    await q.query(`CREATE INDEX line_services_updated ON line_services (updated_at, id)`);

    // effective_at NULL: the source did not state the date; such a change is ordered
    // before every dated one (it is known to have happened, not when).
    await q.query(`
      CREATE TABLE status_changes (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        service_id           uuid NOT NULL REFERENCES line_services (id) ON DELETE CASCADE,
        status               text NOT NULL CHECK (status IN (${list(STATUSES)})),
        effective_at         timestamptz,
        reason               text,
        source_url           text,
        recorded_by_token_id uuid REFERENCES access_tokens (id),
        recorded_by          text NOT NULL,
        recorded_at          timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX status_changes_timeline ON status_changes (service_id, effective_at NULLS FIRST, id)`);

    await q.query(`
      CREATE TABLE fallback_channels (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id  uuid NOT NULL REFERENCES line_services (id) ON DELETE CASCADE,
        kind        text NOT NULL CHECK (kind IN (${list(CHANNEL_KINDS)})),
        platform    text,
        label       text NOT NULL,
        contact     text NOT NULL DEFAULT '',
        hours       jsonb,
        notes       text,
        valid_from  timestamptz,
        valid_until timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_until >= valid_from),
        CHECK ((kind = 'chat_platform') = (platform IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX fallback_channels_service ON fallback_channels (service_id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at     timestamptz NOT NULL DEFAULT now(),
        token_id        uuid REFERENCES access_tokens (id),
        actor           text NOT NULL,
        actor_role      text NOT NULL,
        action          text NOT NULL,
        entity_type     text NOT NULL,
        entity_id       text NOT NULL,
        service_id      uuid,
        prefecture_code char(2),
        before          jsonb,
        after           jsonb,
        request_id      text
      )`);
    await q.query(`CREATE INDEX audit_log_service ON audit_log (service_id, id)`);
    await q.query(`CREATE INDEX audit_log_prefecture ON audit_log (prefecture_code, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'fallback_channels', 'status_changes', 'line_services', 'access_tokens', 'national_bodies', 'local_governments']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
