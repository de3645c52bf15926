import { MigrationInterface, QueryRunner } from 'typeorm';

export class ContinuityEngine1763900000000 implements MigrationInterface {
  name = 'ContinuityEngine1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // A scheduled change can be withdrawn before it takes effect; it stays in the history.
    await q.query(`ALTER TABLE status_changes ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_by text`);
    await q.query(`CREATE INDEX status_changes_effective ON status_changes (effective_at) WHERE withdrawn_at IS NULL`);

    // Hours as minutes of the week (Monday 00:00 = 0), so coverage is multirange arithmetic.
    await q.query(`
      CREATE FUNCTION hours_minutes(t text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
        SELECT CASE WHEN t = '24:00' THEN 1440 ELSE split_part(t, ':', 1)::int * 60 + split_part(t, ':', 2)::int END
      $$`);
    await q.query(`
      CREATE FUNCTION hours_multirange(h jsonb) RETURNS int4multirange LANGUAGE sql IMMUTABLE AS $$
        WITH spans AS (
          SELECT d.idx * 1440 + hours_minutes(r->>'start') AS lo,
                 d.idx * 1440 + hours_minutes(r->>'end')
                   + CASE WHEN hours_minutes(r->>'end') <= hours_minutes(r->>'start') THEN 1440 ELSE 0 END AS hi
            FROM jsonb_array_elements(CASE WHEN h->>'type' = 'weekly' THEN h->'ranges' ELSE '[]'::jsonb END) r
            JOIN (VALUES ('mon', 0), ('tue', 1), ('wed', 2), ('thu', 3), ('fri', 4), ('sat', 5), ('sun', 6)) d(day, idx) ON d.day = r->>'day'
        )
        SELECT CASE
          WHEN h IS NULL THEN NULL
          WHEN h->>'type' = 'always' THEN '{[0,10080)}'::int4multirange
          ELSE (SELECT coalesce(range_agg(piece), '{}'::int4multirange)
                  FROM (SELECT int4range(lo, least(hi, 10080)) AS piece FROM spans
                        UNION ALL
                        SELECT int4range(0, hi - 10080) FROM spans WHERE hi > 10080) pieces)
        END
      $$`);

    await q.query(`
      CREATE TABLE findings (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id          uuid NOT NULL REFERENCES line_services (id) ON DELETE CASCADE,
        kind                text NOT NULL CHECK (kind IN ('no_alternative', 'impending_no_alternative', 'contact_unknown', 'hours_not_covered')),
        severity            text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
        details             jsonb NOT NULL DEFAULT '{}',
        opened_at           timestamptz NOT NULL DEFAULT now(),
        severity_changed_at timestamptz,
        resolved_at         timestamptz,
        resolution          text,
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    // At most one open finding per service and kind.
    await q.query(`CREATE UNIQUE INDEX findings_one_open ON findings (service_id, kind) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX findings_open ON findings (opened_at, id) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX findings_service ON findings (service_id, opened_at)`);

    // Transactional outbox: every write that can change a finding asks for an evaluation in
    // its own transaction; the worker marks it processed. Nothing is lost when Redis is away.
    await q.query(`
      CREATE TABLE evaluation_requests (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        service_id   uuid NOT NULL REFERENCES line_services (id) ON DELETE CASCADE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`);
    await q.query(`CREATE INDEX evaluation_requests_pending ON evaluation_requests (id) WHERE processed_at IS NULL`);
    await q.query(`CREATE INDEX evaluation_requests_service ON evaluation_requests (service_id) WHERE processed_at IS NULL`);

    // Events for subscribers, written in the transaction that caused them.
    await q.query(`
      CREATE TABLE events (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type            text NOT NULL,
        occurred_at     timestamptz NOT NULL DEFAULT now(),
        service_id      uuid,
        prefecture_code char(2),
        category        text,
        data            jsonb NOT NULL,
        dispatched_at   timestamptz
      )`);
    await q.query(`CREATE INDEX events_undispatched ON events (occurred_at) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_id             uuid NOT NULL REFERENCES access_tokens (id),
        url                  text NOT NULL,
        secret               text NOT NULL,
        event_types          text[] NOT NULL,
        prefecture_codes     text[],
        categories           text[],
        status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        consecutive_failures integer NOT NULL DEFAULT 0,
        paused_at            timestamptz,
        created_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
        event_id        uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        attempt         integer NOT NULL,
        status_code     integer,
        duration_ms     integer NOT NULL,
        error           text,
        succeeded       boolean NOT NULL,
        attempted_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['webhook_deliveries', 'webhook_subscriptions', 'events', 'evaluation_requests', 'findings']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION hours_multirange(jsonb)`);
    await q.query(`DROP FUNCTION hours_minutes(text)`);
    await q.query(`DROP INDEX status_changes_effective`);
    await q.query(`ALTER TABLE status_changes DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by`);
  }
}
