import { DataSource } from 'typeorm';
import { connect } from '../src/database/connect';
import {
  FINDING_KINDS,
  findingSeverity,
  gapSeverity,
  LESSER_KINDS,
  lowerSeverity,
  lowerSeveritySql,
  SEVERITIES,
  severitySql,
  SeverityInput,
  StalePolicy,
  stalePolicyDays,
  stalePolicyDaysSql,
  staleSince,
  staleSinceSql,
  stopBeforeSwitch,
  stopBeforeSwitchSql,
} from '../src/gaps/gap-rules';
import { AUDIENCES, SERVICE_CATEGORIES } from '../src/line-services/vocabulary';
import { TEST_DATABASE_URL } from './support/env';

/**
 * The severity rule has one definition (SEVERITY_RULES in gap-rules.ts) and two evaluators
 * built from it: the SQL the engine and the reports run, and the TypeScript the docs and
 * unit tests read. Here PostgreSQL evaluates the SQL for every combination of the inputs
 * the rule reads — each category, life-critical or not, personal data or not, and every
 * subset of audiences (7 × 2 × 2 × 1,024 = 28,672 services) — and each answer must be the
 * TypeScript's. The same for the step down of the lesser findings, for every severity, for
 * stale_record's policy and deadline, and for the stop_before_switch warning.
 */
describe('the severity rule in SQL and in TypeScript', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await connect(TEST_DATABASE_URL, 'line-tracker-test-rules');
  });
  afterAll(() => db.destroy());

  function everyService(): SeverityInput[] {
    const inputs: SeverityInput[] = [];
    for (const category of SERVICE_CATEGORIES) {
      for (const lifeCritical of [false, true]) {
        for (const handlesPersonalData of [false, true]) {
          for (let mask = 0; mask < 1 << AUDIENCES.length; mask++) {
            inputs.push({ category, lifeCritical, handlesPersonalData, audiences: AUDIENCES.filter((_, i) => mask & (1 << i)) });
          }
        }
      }
    }
    return inputs;
  }

  it('gives every service the same severity', async () => {
    const inputs = everyService();
    expect(inputs).toHaveLength(SERVICE_CATEGORIES.length * 4 * 2 ** AUDIENCES.length);
    const rows: { i: number; severity: string }[] = await db.query(
      `SELECT s.i, ${severitySql('s')} AS severity
         FROM unnest($1::text[], $2::boolean[], $3::boolean[], $4::text[]) WITH ORDINALITY
              AS u (category, life_critical, handles_personal_data, audience_list, i)
        CROSS JOIN LATERAL (SELECT u.i::int AS i, u.category, u.life_critical, u.handles_personal_data, string_to_array(u.audience_list, ',') AS audiences) AS s
        ORDER BY s.i`,
      [inputs.map((s) => s.category), inputs.map((s) => s.lifeCritical), inputs.map((s) => s.handlesPersonalData), inputs.map((s) => s.audiences.join(','))],
    );
    expect(rows).toHaveLength(inputs.length);
    const disagreements = rows.filter((row) => row.severity !== gapSeverity(inputs[row.i - 1])).map((row) => ({ input: inputs[row.i - 1], sql: row.severity, ts: gapSeverity(inputs[row.i - 1]) }));
    expect(disagreements).toEqual([]);
    // Every severity the rule can give is reached, so the comparison covered each branch.
    expect(new Set(rows.map((r) => r.severity))).toEqual(new Set(['critical', 'high', 'medium']));
  });

  it('gives every service the same stale_record policy, with any configured days', async () => {
    const inputs = everyService();
    // Not the defaults, so that a literal left in the SQL would show.
    const policy: StalePolicy = { days: 77, urgentDays: 11 };
    const rows: { i: number; days: number }[] = await db.query(
      `SELECT s.i, ${stalePolicyDaysSql('s', policy)} AS days
         FROM unnest($1::text[], $2::boolean[], $3::boolean[], $4::text[]) WITH ORDINALITY
              AS u (category, life_critical, handles_personal_data, audience_list, i)
        CROSS JOIN LATERAL (SELECT u.i::int AS i, u.category, u.life_critical, u.handles_personal_data, string_to_array(u.audience_list, ',') AS audiences) AS s
        ORDER BY s.i`,
      [inputs.map((s) => s.category), inputs.map((s) => s.lifeCritical), inputs.map((s) => s.handlesPersonalData), inputs.map((s) => s.audiences.join(','))],
    );
    expect(rows).toHaveLength(inputs.length);
    const disagreements = rows.filter((row) => row.days !== stalePolicyDays(inputs[row.i - 1], policy)).map((row) => ({ input: inputs[row.i - 1], sql: row.days }));
    expect(disagreements).toEqual([]);
    expect(new Set(rows.map((r) => r.days))).toEqual(new Set([77, 11]));
  });

  it('puts staleSince at the same instant, verified or not, across a daylight-saving session time zone', async () => {
    // Dates around DST changes elsewhere: the policy's days are 24 hours whatever the session's zone.
    const instants = ['2026-03-07T10:00:00.123Z', '2026-10-31T23:59:59.999Z', '2021-03-26T00:00:00.000Z', '2026-12-31T15:00:00.000Z'];
    const cases = instants.flatMap((created) => [null, ...instants].flatMap((verified) => [1, 30, 90, 365].map((days) => ({ created, verified, days }))));
    const rows: { since: Date }[] = await db.transaction(async (manager) => {
      await manager.query(`SET LOCAL TIME ZONE 'America/New_York'`);
      return manager.query(
        `SELECT ${staleSinceSql('u.verified', 'u.created', 'u.days')} AS since
           FROM unnest($1::timestamptz[], $2::timestamptz[], $3::int[]) WITH ORDINALITY AS u (created, verified, days, i) ORDER BY u.i`,
        [cases.map((c) => c.created), cases.map((c) => c.verified), cases.map((c) => c.days)],
      );
    });
    expect(rows.map((r) => r.since.toISOString())).toEqual(cases.map((c) => staleSince(c.verified === null ? null : new Date(c.verified), new Date(c.created), c.days).toISOString()));
  });

  it('decides stop_before_switch alike for every order of stop, switch and today', async () => {
    const days = ['2026-04-01', '2026-04-02', '2026-04-10', null];
    const cases = days.flatMap((stopOn) => days.flatMap((switchOn) => ['chat_platform', null].flatMap((toKind) => ['2026-03-31', '2026-04-01', '2026-04-09', '2026-04-10', '2026-04-11'].map((today) => ({ stopOn, switchOn, toKind, today })))));
    // `at` is the Tokyo day's first and last instant, so the day boundary is the Tokyo one.
    const rows: { holds: boolean; holds_late: boolean }[] = await db.query(
      `SELECT ${stopBeforeSwitchSql('u', 'hours_day_start(u.today)')} AS holds,
              ${stopBeforeSwitchSql('u', "hours_day_start(u.today) + interval '1 day' - interval '1 millisecond'")} AS holds_late
         FROM unnest($1::date[], $2::date[], $3::text[], $4::date[]) WITH ORDINALITY AS u (transition_stop_on, transition_switch_on, transition_to_kind, today, i)
        ORDER BY u.i`,
      [cases.map((c) => c.stopOn), cases.map((c) => c.switchOn), cases.map((c) => c.toKind), cases.map((c) => c.today)],
    );
    const ts = cases.map((c) => stopBeforeSwitch(c, c.today));
    expect(rows.map((r) => r.holds)).toEqual(ts);
    expect(rows.map((r) => r.holds_late)).toEqual(ts);
    expect(new Set(ts)).toEqual(new Set([true, false]));
  });

  it('steps the lesser findings down alike, for every severity and kind', async () => {
    const rows: { severity: string; lower: string }[] = await db.query(`SELECT s AS severity, ${lowerSeveritySql('s')} AS lower FROM unnest($1::text[]) AS s`, [[...SEVERITIES]]);
    expect(rows.map((r) => [r.severity, r.lower])).toEqual(SEVERITIES.map((s) => [s, lowerSeverity(s)]));
    // findingSeverity is the gap's severity, one step lower for the lesser kinds, as reconcile.sql.ts applies it.
    const service = everyService()[0];
    for (const kind of FINDING_KINDS) {
      expect(findingSeverity(kind, service)).toBe(LESSER_KINDS.includes(kind) ? lowerSeverity(gapSeverity(service)) : gapSeverity(service));
    }
  });
});
