import fc from 'fast-check';
import holidayJp from '@holiday-jp/holiday_jp';
import { DataSource } from 'typeorm';
import { connect } from '../src/database/connect';
import { HOLIDAY_RULES, Hours, hoursProblems, MONTH_WEEKS, WEEKDAYS } from '../src/hours/hours';
import { CompiledHours } from '../src/hours/opening';
import { HolidaysRepository } from '../src/hours/holidays.repository';
import { TEST_DATABASE_URL } from './support/env';

/**
 * Hours have one definition (the comment at the top of src/hours/hours.ts) and two
 * evaluators: CompiledHours in TypeScript (availability) and hours_windows() in PostgreSQL
 * (hours_not_covered, the reports). fast-check generates hours of every form — weekly
 * ranges across midnight and past 24:00, last intake, every holiday rule, yearly and
 * one-off closures and special openings, seasons, monthly rules, `always`, `days` — and
 * windows of time around Tokyo midnights, month ends, public holidays, 年末年始 and the
 * change of year; for each, both evaluators must give the same open windows, the same
 * windows for new consultations, and the same answer at an instant inside.
 */
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const CASES = 2_500;

const pad = (n: number) => String(n).padStart(2, '0');
const time = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const minute = fc.oneof(fc.constantFrom(0, 30, 59), fc.integer({ min: 0, max: 59 }));
const start = fc.tuple(fc.integer({ min: 0, max: 23 }), minute).map(([h, m]) => h * 60 + m);
/** A range: end before, after or past midnight (up to 48:00), sometimes with a last intake inside. */
const dayRange = fc
  .tuple(start, fc.integer({ min: 1, max: 2880 }), fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { nil: undefined }))
  .map(([s, length, intake]) => {
    const end = Math.min(s + length, 2880);
    // Ends up to 24:00 are also written the old way (crossing midnight: 22:00–02:00).
    const endText = end > 1440 && end - 1440 < s && length % 2 === 0 ? time(end - 1440) : time(end);
    const range: { start: string; end: string; lastIntake?: string } = { start: time(s), end: endText };
    if (intake !== undefined) {
      const at = s + Math.max(1, Math.floor((end - s) * intake));
      if (at < end) range.lastIntake = at >= 1440 && at - 1440 < s && length % 3 === 0 ? time(at - 1440) : time(at);
    }
    return range;
  });
const weekRange = fc.tuple(fc.constantFrom(...WEEKDAYS), dayRange).map(([day, range]) => ({ day, ...range }));
const monthDay = fc.oneof(
  fc.constantFrom('12-29', '12-31', '01-01', '01-03', '02-28', '02-29', '03-01', '03-31', '05-03', '05-06', '07-20', '08-31', '09-30'),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${pad(m)}-${pad(d)}`),
);
const fullDate = fc.integer({ min: Date.UTC(2019, 0, 1) / DAY_MS, max: Date.UTC(2031, 11, 31) / DAY_MS }).map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
const label = fc.option(fc.constantFrom('年末年始', 'GW特別相談', '夏休み', '自殺対策強化月間'), { nil: undefined });
/** A yearly span (over the new year at times) or a one-off span of up to 40 days. */
const span = fc.oneof(
  fc.record({ from: monthDay, to: fc.option(monthDay, { nil: undefined }), yearly: fc.constant(true as const), label }),
  fc
    .tuple(fullDate, fc.integer({ min: 0, max: 40 }), fc.boolean(), label)
    .map(([from, length, explicit, l]) => ({
      from,
      ...(length || explicit ? { to: new Date(Date.parse(from) + length * DAY_MS).toISOString().slice(0, 10) } : {}),
      ...(explicit ? { yearly: false } : {}),
      ...(l ? { label: l } : {}),
    })),
);
const clean = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value));
const weekly = fc
  .record({
    ranges: fc.array(weekRange, { maxLength: 5 }),
    publicHolidays: fc.constantFrom(...HOLIDAY_RULES),
    closures: fc.option(fc.array(span, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    specialOpenings: fc.option(fc.array(fc.tuple(span, fc.array(dayRange, { minLength: 1, maxLength: 2 })).map(([s, ranges]) => ({ ...s, ranges })), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    seasons: fc.option(fc.array(fc.tuple(span, fc.array(weekRange, { maxLength: 4 })).map(([s, ranges]) => ({ ...s, ranges })), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    monthly: fc.option(fc.array(fc.tuple(fc.constantFrom(...MONTH_WEEKS), fc.constantFrom(...WEEKDAYS), dayRange).map(([week, day, r]) => ({ week, day, ...r })), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  })
  .map((h) => clean({ type: 'weekly' as const, ...h }));
const hours: fc.Arbitrary<Hours> = fc
  .oneof(
    { weight: 1, arbitrary: fc.constant({ type: 'always' as const }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('days' as const), days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1 }) }) },
    { weight: 14, arbitrary: weekly },
  )
  .map((h) => h as Hours)
  // Overlapping ranges are refused by validation; only valid hours are stored.
  .filter((h) => hoursProblems(h).length === 0);

/** Tokyo midnights of days that matter: public holidays, 年末年始, month ends, the change of year. */
const tokyoMidnight = (date: string) => Date.parse(`${date}T00:00:00+09:00`);
const holidayMidnights = Object.keys(holidayJp.holidays).filter((d) => d >= '2015' && d < '2035').map(tokyoMidnight);
const specialMidnights: number[] = [];
for (let year = 2019; year <= 2031; year++) {
  for (const date of ['01-01', '01-03', '01-04', '12-28', '12-29', '12-31', '02-28', '02-29', '03-01', '03-31', '05-02', '05-07', '07-19', '09-01']) {
    if (date !== '02-29' || year % 4 === 0) specialMidnights.push(tokyoMidnight(`${year}-${date}`));
  }
}
const midnight = fc.oneof(fc.constantFrom(...holidayMidnights), fc.constantFrom(...specialMidnights));
/** The start of a window: near a midnight that matters, or anywhere from 1975 to 2049. */
const from = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(midnight, fc.integer({ min: -2 * 24 * 60, max: 2 * 24 * 60 })).map(([m, offset]) => m + offset * MINUTE_MS) },
  { weight: 1, arbitrary: fc.integer({ min: Date.parse('1975-01-01T00:00:00Z'), max: Date.parse('2049-06-01T00:00:00Z') }) },
);
/** A window of 1 ms to 10 days, and an instant inside it. */
const window = fc
  .tuple(from, fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 10 * 24 * 60 }).map((m) => m * MINUTE_MS)), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }))
  .map(([lo, length, where]) => ({ lo, hi: lo + length, at: lo + Math.floor(length * where) }));

interface SqlAnswer {
  known: boolean;
  open: number[];
  intake: number[];
  open_at: boolean | null;
  accepting_at: boolean | null;
}

describe('hours in TypeScript and in SQL', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await connect(TEST_DATABASE_URL, 'line-tracker-test-hours');
    // The evaluators work in Tokyo time whatever the session's zone: make it an odd one.
    await db.query(`SET TIME ZONE 'Pacific/Chatham'`);
  });
  afterAll(() => db.destroy());

  /** Both evaluations of every case in one statement (a statement per case spent most of its time planning hours_windows). */
  async function sqlAnswers(cases: { h: Hours; lo: number; hi: number; at: number }[]): Promise<SqlAnswer[]> {
    const rows: (SqlAnswer & { i: number })[] = await db.query(
      `WITH c AS (SELECT i::int, h, to_timestamp(lo / 1000) AS lo, to_timestamp(hi / 1000) AS hi, to_timestamp(at / 1000) AS at
                    FROM unnest($1::jsonb[], $2::float8[], $3::float8[], $4::float8[]) WITH ORDINALITY AS u (h, lo, hi, at, i)),
            w AS (SELECT i, at, hours_windows(h, lo, hi) AS open, hours_windows(h, lo, hi, true) AS intake FROM c)
       SELECT i, open IS NOT NULL AS known, ${edges('open')} AS open, ${edges('intake')} AS intake,
              -- at lies in [lo, hi): clipping the windows to it changes nothing about at.
              open @> at AS open_at, intake @> at AS accepting_at
         FROM w ORDER BY i`,
      [cases.map((c) => JSON.stringify(c.h)), cases.map((c) => c.lo), cases.map((c) => c.hi), cases.map((c) => c.at)],
    );
    expect(rows.map((r) => r.i)).toEqual(cases.map((_, i) => i + 1));
    return rows;
  }

  /** A multirange's edges in ms, sorted (merged windows never share an edge, so the edges are the windows). */
  function edges(multirange: string): string {
    return `(SELECT coalesce(jsonb_agg(x ORDER BY x), '[]') FROM (
              SELECT (extract(epoch FROM lower(r)) * 1000)::float8 AS x FROM unnest(${multirange}) r
              UNION ALL SELECT (extract(epoch FROM upper(r)) * 1000)::float8 FROM unnest(${multirange}) r) e)`;
  }

  it('holds the same public holidays as the package', async () => {
    expect(await new HolidaysRepository(db).sync()).toBe(0);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM public_holidays`);
    expect(n).toBe(Object.keys(holidayJp.holidays).length);
  });

  it(`give the same windows and the same answer at an instant, for ${CASES} hours and windows of every form`, async () => {
    const seed = Number(process.env.HOURS_SEED ?? Date.now() % 2 ** 31);
    const cases = fc.sample(fc.record({ h: hours, window }), { numRuns: CASES, seed }).map(({ h, window: w }) => ({ h, ...w }));
    const answers = await sqlAnswers(cases);
    const seen = { always: 0, days: 0, closures: 0, specialOpenings: 0, seasons: 0, monthly: 0, lastIntake: 0, openAt: 0, closedAt: 0, notAccepting: 0 };
    const disagreements = cases.flatMap(({ h, lo, hi, at }, i) => {
      const compiled = CompiledHours.of(h);
      const sql = answers[i];
      if (h.type === 'days') seen.days++;
      const ts = compiled.known
        ? {
            known: true,
            open: compiled.intervals(lo, hi)!.slice().sort((a, b) => a - b),
            intake: compiled.intervals(lo, hi, true)!.slice().sort((a, b) => a - b),
            openAt: compiled.opening(at).open,
            acceptingAt: compiled.opening(at).acceptingNew,
            isOpen: compiled.isOpen(at),
          }
        : { known: false };
      const theirs = sql.known ? { known: true, open: sql.open, intake: sql.intake, openAt: sql.open_at, acceptingAt: sql.accepting_at, isOpen: sql.open_at } : { known: false };
      if (h.type === 'always') seen.always++;
      if (h.type === 'weekly') {
        for (const key of ['closures', 'specialOpenings', 'seasons', 'monthly'] as const) if (h[key]) seen[key]++;
        if (JSON.stringify(h).includes('lastIntake')) seen.lastIntake++;
      }
      if (ts.known) seen[ts.openAt ? 'openAt' : 'closedAt']++;
      if (ts.known && ts.openAt && !ts.acceptingAt) seen.notAccepting++;
      const same = JSON.stringify(ts) === JSON.stringify(theirs);
      return same ? [] : [{ hours: h, from: new Date(lo), to: new Date(hi), at: new Date(at), typescript: ts, sql: theirs }];
    });
    // On a disagreement, HOURS_SEED=<seed> runs the same cases again.
    expect({ seed, disagreements: disagreements.slice(0, 3), count: disagreements.length }).toEqual({ seed, disagreements: [], count: 0 });
    // Every form and outcome was generated often enough to have been compared.
    for (const [what, count] of Object.entries(seen)) expect([what, count > 20]).toEqual([what, true]);
  });
});
