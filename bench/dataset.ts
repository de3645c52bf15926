import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { seed } from '../seeds/seed';
import { connect } from '../src/database/connect';
import { DEFAULT_STALE_POLICY, stalePolicyDaysSql } from '../src/gaps/gap-rules';
import { log, timed } from './util';

/**
 * The benchmark's own database, migrated with the project's migrations, seeded with the
 * project's seed (every local government, the national bodies, the 2021 cases), then filled
 * at national scale with set-based SQL.
 */
export const DATABASE_MARKER = 'created by npm run bench (line-tracker); dropped and re-created by every run';

/** The URL of every generated service starts with this (the seed's 2021 services are left as they are). */
const BENCH_URL = 'https://www.example.lg.jp/';

export const SCALE = {
  services: 100_000,
  nationalServicesPerBody: 10,
  /** Relative weight of a local government's number of services, by kind. */
  weights: { prefecture: 40, designatedCity: 60, city: 8, other: 3 },
  /** Share of services without any fallback channel; the others have 1 to 5. */
  noChannelShare: 0.17,
  /** Share of active services with a suspension scheduled in the next 30 days. */
  scheduledSuspensionShare: 0.01,
};

export interface DatasetSummary {
  seconds: { create: number; migrate: number; seed: number; load: number };
  localGovernments: number;
  services: number;
  lgServices: number;
  nationalServices: number;
  statusChanges: number;
  scheduledChanges: number;
  fallbackChannels: number;
  channelsWithHours: number;
  servicesWithLineHours: number;
  statuses: Record<string, number>;
  suspendedWithoutValidChannel: number;
  servicesPerKind: Record<string, { localGovernments: number; avgServices: number; maxServices: number }>;
}

/** The database named in a URL, refused unless a plain identifier (it is quoted into DDL). */
export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and underscores`);
  return name;
}

/** A client on the server's maintenance database (postgres), for CREATE and DROP DATABASE. */
export async function maintenanceClient(databaseUrl: string): Promise<Client> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), application_name: 'line-tracker-bench' });
  await client.connect();
  return client;
}

/** Drops database `name` if it exists, only if this benchmark created it (it bears the marker comment). */
export async function dropOwnDatabase(client: Client, name: string): Promise<void> {
  const { rows } = await client.query(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name]);
  if (!rows.length) return;
  if (rows[0].comment !== DATABASE_MARKER) {
    throw new Error(`database ${name} exists but was not created by this benchmark (no marker comment): refusing to drop it; set BENCH_DATABASE_URL to another database`);
  }
  await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
}

/** Drops (only if this benchmark created it) and re-creates the database named in the URL. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const client = await maintenanceClient(databaseUrl);
  try {
    await dropOwnDatabase(client, name);
    await client.query(`CREATE DATABASE "${name}"`);
    await client.query(`COMMENT ON DATABASE "${name}" IS '${DATABASE_MARKER}'`);
  } finally {
    await client.end();
  }
}

/** Weekly hours in the API's format. */
const weekly = (publicHolidays: string, days: string[], start: string, end: string) => ({
  type: 'weekly',
  publicHolidays,
  ranges: days.map((day) => ({ day, start, end })),
});
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY = [...WEEKDAYS, 'sat', 'sun'];

/** 年末年始, as almost every office window closes. */
const NEW_YEAR = { closures: [{ from: '12-29', to: '01-03', yearly: true, label: '年末年始' }] };

/** LINE windows: most are office hours or evenings (consultation), some always open; real windows' forms among them. */
const LINE_HOURS = [
  { type: 'always' },
  weekly('closed', WEEKDAYS, '09:00', '17:00'),
  { ...weekly('closed', WEEKDAYS, '08:30', '17:15'), ...NEW_YEAR },
  { ...weekly('as_usual', EVERY_DAY, '17:00', '21:00'), monthly: [{ week: -1, day: 'sat', start: '12:00', end: '45:00' }] },
  { type: 'weekly', publicHolidays: 'as_sunday', ranges: [...weekly('x', WEEKDAYS, '16:00', '22:00').ranges, { day: 'sat', start: '13:00', end: '22:00' }, { day: 'sun', start: '13:00', end: '22:00' }] },
  weekly('as_usual', EVERY_DAY, '22:00', '02:00'),
];

/** Fallback channels: 24-hour lines, office hours, evenings; some with unknown hours (null). */
const CHANNEL_HOURS = [
  { type: 'always' },
  weekly('closed', WEEKDAYS, '09:00', '17:00'),
  { ...weekly('closed', WEEKDAYS, '09:00', '17:00'), ...NEW_YEAR },
  weekly('closed', WEEKDAYS, '08:30', '17:15'),
  weekly('as_usual', EVERY_DAY, '10:00', '22:00'),
  weekly('as_sunday', WEEKDAYS, '17:00', '21:00'),
  { type: 'always' },
];

/**
 * Bulk-loads the national-scale data set, set-based, on two connections at once (the
 * machine has two cores, and the generated week-range columns made every inserted row cost
 * a call of hours_multirange()). Everything respects the schema's CHECK constraints.
 */
export async function loadDataset(databaseUrl: string, random: { seed: number }): Promise<Omit<DatasetSummary, 'seconds'> & { loadSeconds: number }> {
  const clients = [0, 1].map((i) => new Client({ connectionString: databaseUrl, application_name: `line-tracker-bench-load-${i}` }));
  const [a, b] = clients;
  try {
    for (const [i, client] of clients.entries()) {
      await client.connect();
      await client.query(`SET synchronous_commit = off`);
      await client.query(`SELECT setseed($1)`, [random.seed / (i + 1)]);
    }
    const { ms } = await timed(async () => {
      const halves = await serviceCounts(a);
      await step('services', () => Promise.all([insertServices(a, halves[0], false), insertServices(b, halves[1], true)]));
      await step('timelines + channels', () =>
        Promise.all([
          (async () => {
            await loadTimelines(a);
            await loadChannels(a, 'a third');
            // current_status consistent with the timeline: the latest change in effect, as refreshStatusSql does.
            await a.query(`
              UPDATE line_services s SET current_status = l.status, current_status_since = l.effective_at
                FROM (SELECT DISTINCT ON (sc.service_id) sc.service_id, sc.status, sc.effective_at
                        FROM status_changes sc
                       WHERE sc.withdrawn_at IS NULL AND (sc.effective_at IS NULL OR sc.effective_at <= now())
                       ORDER BY sc.service_id, sc.effective_at DESC NULLS LAST, sc.id DESC) l
               WHERE s.id = l.service_id AND (s.current_status IS DISTINCT FROM l.status OR s.current_status_since IS DISTINCT FROM l.effective_at)`);
          })(),
          loadChannels(b, 'two thirds'),
        ]),
      );
      await step('verifications', () => loadVerifications(a));
      await step('vacuum analyze', () => a.query(`VACUUM ANALYZE`));
      // The load's WAL is flushed now rather than by a checkpoint in the middle of a measurement.
      await step('checkpoint', () => a.query(`CHECKPOINT`));
    });
    const summary = await summarizeDataset(a);
    return { ...summary, loadSeconds: ms / 1000 };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

/** Runs one step of building a data set and logs how long it took. */
export async function step(name: string, work: () => Promise<unknown>): Promise<void> {
  const { ms } = await timed(work);
  log(`  ${name}: ${(ms / 1000).toFixed(1)} s`);
}

interface LgCount {
  code: string;
  prefecture_code: string;
  n: number;
}

/**
 * Services per local government: weight by kind with ±50 % jitter, scaled to the total,
 * rounded by largest remainder so the total is exact; split in two halves of about the
 * same number of services, one per loading connection.
 */
async function serviceCounts(client: Client): Promise<[LgCount[], LgCount[]]> {
  const { weights } = SCALE;
  const nationalBodies = (await client.query(`SELECT count(*)::int AS n FROM national_bodies`)).rows[0].n as number;
  const lgServices = SCALE.services - nationalBodies * SCALE.nationalServicesPerBody;
  const { rows } = await client.query<LgCount>(`
    WITH w AS (
      SELECT lg.code, lg.prefecture_code,
             (CASE WHEN lg.kind = 'prefecture' THEN ${weights.prefecture}
                   WHEN lg.kind = 'city' AND EXISTS (SELECT 1 FROM local_governments c WHERE c.parent_code = lg.code) THEN ${weights.designatedCity}
                   WHEN lg.kind = 'city' THEN ${weights.city}
                   ELSE ${weights.other} END) * (0.5 + random()) AS w
        FROM local_governments lg
    ),
    t AS (SELECT code, prefecture_code, w * ${lgServices} / sum(w) OVER () AS target FROM w),
    r AS (SELECT code, prefecture_code, floor(target)::int AS base, row_number() OVER (ORDER BY target - floor(target) DESC) AS rn FROM t)
    SELECT code, prefecture_code, (base + CASE WHEN rn <= ${lgServices} - (SELECT sum(base) FROM r) THEN 1 ELSE 0 END)::int AS n
      FROM r ORDER BY n DESC, code`);
  const halves: [LgCount[], LgCount[]] = [[], []];
  const totals = [0, 0];
  for (const row of rows) {
    const i = totals[0] <= totals[1] ? 0 : 1;
    halves[i].push(row);
    totals[i] += row.n;
  }
  return halves;
}

async function insertServices(client: Client, counts: LgCount[], withNational: boolean): Promise<void> {
  const serviceColumns = `
      CASE WHEN rc < 0.30 THEN 'consultation' WHEN rc < 0.65 THEN 'information' WHEN rc < 0.75 THEN 'reservation'
           WHEN rc < 0.80 THEN 'payment' WHEN rc < 0.90 THEN 'application' WHEN rc < 0.95 THEN 'health_monitoring' ELSE 'other' END`;
  const insert = (source: string) => `
    WITH base AS (${source}),
    v AS (SELECT *, ${serviceColumns} AS category FROM base)
    INSERT INTO line_services (local_government_code, national_body_code, prefecture_code, name, department, category, audiences,
                               handles_personal_data, life_critical, description, url, line_hours, created_at, updated_at)
    SELECT lg_code, nb_code, pref,
           (CASE category WHEN 'consultation' THEN (ARRAY['LINE子育て相談', 'LINEいじめ相談', 'LINE心の相談', 'LINE若者相談', 'LINE生活相談'])[1 + floor(rx * 5)::int]
                          WHEN 'information' THEN (ARRAY['LINE防災情報', 'LINE広報', 'LINEごみ分別案内', 'LINE観光案内'])[1 + floor(rx * 4)::int]
                          WHEN 'reservation' THEN 'LINE施設予約'
                          WHEN 'payment' THEN 'LINE Pay 公金支払'
                          WHEN 'application' THEN 'LINE電子申請'
                          WHEN 'health_monitoring' THEN 'LINE健康観察'
                          ELSE 'LINE公式アカウント' END) || ' ' || lpad(g::text, 4, '0'),
           (ARRAY['子ども家庭課', '健康推進課', '広報課', '福祉課', '教育委員会', '危機管理課'])[1 + floor(rd * 6)::int],
           category,
           ('{' || (ARRAY['general', 'children,parents', 'youth', 'elderly', 'adults', 'foreign_residents', 'children', 'parents', 'youth,adults', 'job_seekers'])[1 + floor(ra * 10)::int] || '}')::text[],
           rp < 0.4,
           category = 'consultation' AND rl < 0.3,
           CASE WHEN rd < 0.5 THEN 'ベンチマーク用に生成したサービス' END,
           '${BENCH_URL}' || coalesce(lg_code, nb_code) || '/line/' || g,
           CASE WHEN rh < 0.15 THEN NULL ELSE ($1::jsonb)->(floor(rx * jsonb_array_length($1::jsonb))::int) END,
           now() - interval '400 days', now() - interval '400 days'
      FROM v`;
  const randoms = `random() AS rc, random() AS rx, random() AS rd, random() AS ra, random() AS rp, random() AS rl, random() AS rh`;
  await client.query(
    insert(`SELECT l.code::char(6) AS lg_code, NULL::text AS nb_code, l.prefecture_code::char(2) AS pref, g, ${randoms}
              FROM jsonb_to_recordset($2::jsonb) AS l(code text, prefecture_code text, n int), generate_series(1, l.n) g`),
    [JSON.stringify(LINE_HOURS), JSON.stringify(counts)],
  );
  if (withNational) {
    await client.query(
      insert(`SELECT NULL::char(6) AS lg_code, nb.code AS nb_code, NULL::char(2) AS pref, g, ${randoms}
                FROM national_bodies nb, generate_series(1, ${SCALE.nationalServicesPerBody}) g`),
      [JSON.stringify(LINE_HOURS)],
    );
  }
}

/**
 * Each generated service was last verified some time within 1.1 times its policy
 * (STALE_AFTER_DAYS, or the urgent one), uniformly: about 9 % of records are stale, as in a
 * registry whose offices confirm their records on schedule, with some late. One verification
 * row each, the service row keeping it as its latest, as the API writes them.
 */
async function loadVerifications(client: Client): Promise<void> {
  await client.query(`
    WITH v AS (
      INSERT INTO service_verifications (service_id, method, verified_at, verified_by, recorded_at)
      SELECT s.id, 'phone_call', now() - interval '1 day' * ${stalePolicyDaysSql('s', DEFAULT_STALE_POLICY)} * 1.1 * random(), 'bench', now()
        FROM line_services s
      RETURNING service_id, verified_at, verified_by)
    UPDATE line_services s SET last_verified_at = v.verified_at, last_verified_by = v.verified_by FROM v WHERE v.service_id = s.id`);
}

/**
 * Each generated service: an initial change (active; planned for a few) some time in the
 * past year, then alternating suspensions and resumptions, the last one suspended for
 * about 10 % of services and discontinued for about 2 %; plus a few suspensions scheduled
 * in the next month.
 */
async function loadTimelines(client: Client): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE bench_plan AS
    SELECT id, t0,
           CASE WHEN rk < 0.20 THEN 0 WHEN rk < 0.65 THEN 2 WHEN rk < 0.90 THEN 4 WHEN rk < 0.95 THEN 1 ELSE 3 END AS k,
           rf
      FROM (SELECT s.id, now() - interval '365 days' * (0.05 + 0.95 * random()) AS t0, random() AS rk, random() AS rf
              FROM line_services s WHERE NOT EXISTS (SELECT 1 FROM status_changes x WHERE x.service_id = s.id)) p`);
  await client.query(`
    INSERT INTO status_changes (service_id, status, effective_at, reason, recorded_by)
    SELECT p.id, st.status, t.at,
           CASE st.status WHEN 'suspended' THEN 'LINEの個人情報管理の問題を受けて一時停止' WHEN 'discontinued' THEN '他の手段へ移行のため終了'
                          WHEN 'planned' THEN '開始予定' ELSE CASE WHEN i = 0 THEN '運用開始' ELSE '安全確認後に再開' END END,
           'bench'
      FROM bench_plan p
      CROSS JOIN generate_series(0, p.k) i
      CROSS JOIN LATERAL (SELECT CASE
             WHEN i = 0 THEN CASE WHEN p.k = 0 AND p.rf > 0.97 THEN 'planned' ELSE 'active' END
             WHEN i = p.k AND p.k % 2 = 1 THEN 'suspended'
             WHEN i = p.k AND p.rf < 0.03 THEN 'discontinued'
             WHEN i % 2 = 1 THEN 'suspended' ELSE 'active' END AS status) st
      CROSS JOIN LATERAL (SELECT CASE WHEN i = 0 THEN p.t0
                                      ELSE p.t0 + (now() - p.t0) * ((i - 1 + 0.05 + 0.9 * random()) / p.k) END AS at) t
     ORDER BY p.id, i`);
  await client.query(`
    INSERT INTO status_changes (service_id, status, effective_at, reason, recorded_by)
    SELECT p.id, 'suspended', now() + interval '1 day' * (1 + 29 * random()), '移行のため停止予定', 'bench'
      FROM bench_plan p
     WHERE p.k % 2 = 0 AND p.rf >= 0.03 AND NOT (p.k = 0 AND p.rf > 0.97) AND random() < ${SCALE.scheduledSuspensionShare}`);
}

/** 0 channels for ~17 % of services, else 1 to 5, of realistic kinds, contacts and hours; a few retired or not yet valid. */
/** `part`: the services it does, so that the connection that also writes the timelines does fewer. */
async function loadChannels(client: Client, part: 'a third' | 'two thirds'): Promise<void> {
  await client.query(
    `
    WITH per_service AS (
      SELECT s.id, coalesce(s.local_government_code::text, s.national_body_code) AS op,
             CASE WHEN random() < ${SCALE.noChannelShare} THEN 0 ELSE 1 + floor(random() * 5)::int END AS n
        FROM line_services s
       WHERE (abs(hashtext(s.id::text)) % 3 = 0) = ${part === 'a third'} AND s.url LIKE '${BENCH_URL}%'
    ),
    base AS (
      SELECT p.id, p.op, j, random() AS rk, random() AS rc, random() AS rh, random() AS rv, random() AS r1, random() AS r2
        FROM per_service p, generate_series(1, p.n) j
    ),
    v AS (
      SELECT *, CASE WHEN rk < 0.40 THEN 'phone' WHEN rk < 0.55 THEN 'email' WHEN rk < 0.70 THEN 'web_form' WHEN rk < 0.80 THEN 'website'
                     WHEN rk < 0.88 THEN 'chat_platform' WHEN rk < 0.95 THEN 'in_person' WHEN rk < 0.98 THEN 'fax' ELSE 'postal' END AS kind
        FROM base
    )
    INSERT INTO fallback_channels (service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until)
    SELECT id, kind,
           CASE WHEN kind = 'chat_platform' THEN (ARRAY['Facebook Messenger', 'Microsoft Teams', 'Webチャット', 'SNS相談@'])[1 + floor(r1 * 4)::int] END,
           (CASE kind WHEN 'phone' THEN '電話相談' WHEN 'email' THEN 'メール相談' WHEN 'web_form' THEN 'Webフォーム' WHEN 'website' THEN 'ホームページ'
                      WHEN 'chat_platform' THEN 'チャット相談' WHEN 'in_person' THEN '窓口相談' WHEN 'fax' THEN 'FAX' ELSE '郵送' END) || ' ' || j,
           CASE WHEN rc < 0.06 THEN ''
                WHEN kind IN ('phone', 'fax') THEN CASE WHEN r2 < 0.3 THEN '0120-' || lpad(floor(r1 * 1000)::text, 3, '0') || '-' || lpad(floor(r2 * 1000)::text, 3, '0')
                                                        ELSE '0' || (3 + floor(r2 * 6)::int) || '-' || lpad(floor(r1 * 10000)::text, 4, '0') || '-' || lpad(floor(r2 * 10000)::text, 4, '0') END
                WHEN kind = 'email' THEN 'soudan' || j || '@op' || op || '.example.lg.jp'
                WHEN kind IN ('web_form', 'website', 'chat_platform') THEN 'https://www.example.lg.jp/' || op || '/contact/' || j
                ELSE '本庁舎1階 相談窓口' END,
           CASE WHEN rh < 0.15 THEN NULL ELSE ($1::jsonb)->(floor(r1 * jsonb_array_length($1::jsonb))::int) END,
           CASE WHEN r2 < 0.2 THEN '祝日・年末年始は休み' END,
           CASE WHEN rv < 0.05 THEN now() - interval '300 days' WHEN rv < 0.07 THEN now() + interval '1 day' * (1 + 20 * r1) END,
           CASE WHEN rv < 0.05 THEN now() - interval '1 day' * (1 + 200 * r1) END
      FROM v`,
    [JSON.stringify(CHANNEL_HOURS)],
  );
}

async function summarizeDataset(client: Client): Promise<Omit<DatasetSummary, 'seconds'>> {
  const one = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  const statuses = Object.fromEntries(
    (await client.query(`SELECT coalesce(current_status, 'none') AS s, count(*)::int AS n FROM line_services GROUP BY 1 ORDER BY 1`)).rows.map((r) => [r.s, r.n]),
  );
  const perKind = await client.query(`
    SELECT CASE WHEN lg.kind = 'city' AND EXISTS (SELECT 1 FROM local_governments c WHERE c.parent_code = lg.code) THEN 'designated_city' ELSE lg.kind END AS kind,
           count(*)::int AS lgs, round(avg(coalesce(n, 0)), 1)::float AS avg, max(coalesce(n, 0))::int AS max
      FROM local_governments lg
      LEFT JOIN (SELECT local_government_code, count(*) AS n FROM line_services GROUP BY 1) s ON s.local_government_code = lg.code
     GROUP BY 1 ORDER BY 1`);
  return {
    localGovernments: await one(`SELECT count(*) AS n FROM local_governments`),
    services: await one(`SELECT count(*) AS n FROM line_services`),
    lgServices: await one(`SELECT count(*) AS n FROM line_services WHERE local_government_code IS NOT NULL`),
    nationalServices: await one(`SELECT count(*) AS n FROM line_services WHERE national_body_code IS NOT NULL`),
    statusChanges: await one(`SELECT count(*) AS n FROM status_changes`),
    scheduledChanges: await one(`SELECT count(*) AS n FROM status_changes WHERE effective_at > now()`),
    fallbackChannels: await one(`SELECT count(*) AS n FROM fallback_channels`),
    channelsWithHours: await one(`SELECT count(*) AS n FROM fallback_channels WHERE hours IS NOT NULL`),
    servicesWithLineHours: await one(`SELECT count(*) AS n FROM line_services WHERE line_hours IS NOT NULL`),
    statuses,
    suspendedWithoutValidChannel: await one(`
      SELECT count(*) AS n FROM line_services s WHERE s.current_status = 'suspended'
         AND NOT EXISTS (SELECT 1 FROM fallback_channels c WHERE c.service_id = s.id
                            AND (c.valid_from IS NULL OR c.valid_from <= now()) AND (c.valid_until IS NULL OR c.valid_until > now()))`),
    servicesPerKind: Object.fromEntries(perKind.rows.map((r) => [r.kind, { localGovernments: r.lgs, avgServices: r.avg, maxServices: r.max }])),
  };
}

/**
 * After the sweeps: the data set stands for a steady state, so the events of the bench's own
 * sweeps count as delivered long ago, and the worker does not spend the measurements
 * dispatching them.
 */
export async function settleDataset(client: Client): Promise<void> {
  await client.query(`UPDATE events SET dispatched_at = now() WHERE dispatched_at IS NULL`);
  await client.query(`UPDATE evaluation_requests SET processed_at = now() WHERE processed_at IS NULL`);
  await client.query(`VACUUM ANALYZE findings, events, line_services`);
  await client.query(`CHECKPOINT`);
}

/** Creates, migrates, seeds and loads the benchmark's database; returns a DataSource on it. */
export async function buildDataset(databaseUrl: string, seedValue: number): Promise<{ dataSource: DataSource; summary: DatasetSummary }> {
  const create = await timed(() => recreateDatabase(databaseUrl));
  log(`database re-created in ${Math.round(create.ms)} ms`);
  const dataSource = await connect(databaseUrl, 'line-tracker-bench');
  try {
    const migrate = await timed(() => dataSource.runMigrations());
    log(`${migrate.result.length} migrations in ${Math.round(migrate.ms)} ms`);
    const seeded = await timed(() => seed(dataSource));
    log(`seed: ${JSON.stringify(seeded.result)} in ${Math.round(seeded.ms)} ms`);
    const loaded = await loadDataset(databaseUrl, { seed: seedValue });
    const { loadSeconds, ...rest } = loaded;
    log(`bulk load in ${loadSeconds.toFixed(1)} s: ${rest.services} services, ${rest.statusChanges} status changes, ${rest.fallbackChannels} channels`);
    return {
      dataSource,
      summary: { seconds: { create: create.ms / 1000, migrate: migrate.ms / 1000, seed: seeded.ms / 1000, load: loadSeconds }, ...rest },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
