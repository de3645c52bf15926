import fc from 'fast-check';
import holidayJp from '@holiday-jp/holiday_jp';
import { Hours, TimeRange, Weekday, WEEKDAYS, minutesOf, hoursProblems } from './hours';
import { openingAt } from './opening';

/**
 * The compiled evaluator (opening.ts) against the evaluator it replaced, which worked on
 * date strings and Date objects per call: kept here, verbatim in what it computes, as the
 * oracle that the compiled form changed nothing for weekly hours (but that ranges which meet
 * now close together). The forms added since (closures, seasons, …) are held to the SQL
 * evaluator instead (test/hours-agreement.e2e-spec.ts).
 */
const TOKYO_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const HOLIDAYS = new Map(Object.entries(holidayJp.holidays).map(([date, holiday]) => [date, holiday.name]));
const tokyoDate = (at: Date) => new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
const tokyoMidnight = (date: string, days = 0) => new Date(Date.parse(`${date}T00:00:00Z`) - TOKYO_OFFSET_MS + days * DAY_MS);
const weekdayOf = (date: string): Weekday => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
type Weekly = Extract<Hours, { type: 'weekly' }>;
function rangesStartingOn(hours: Weekly, date: string): [number, number][] {
  let day = weekdayOf(date);
  if (HOLIDAYS.has(date)) {
    if (hours.publicHolidays === 'closed') return [];
    if (hours.publicHolidays === 'as_sunday') day = 'sun';
  }
  return hours.ranges.filter((r: TimeRange) => r.day === day).map((r) => {
    const start = minutesOf(r.start)!;
    const end = minutesOf(r.end)!;
    return [start, end <= start ? end + 1440 : end] as [number, number];
  }).sort((a, b) => a[0] - b[0]);
}
function openRange(hours: Weekly, at: Date): [number, number] | null {
  const today = tokyoDate(at);
  for (const offset of [-1, 0]) {
    const base = tokyoMidnight(today, offset);
    for (const [start, end] of rangesStartingOn(hours, tokyoDate(base))) {
      const opens = base.getTime() + start * 60_000;
      const closes = base.getTime() + end * 60_000;
      if (opens <= at.getTime() && at.getTime() < closes) return [opens, closes];
    }
  }
  return null;
}
function referenceOpeningAt(hours: Exclude<Hours, { type: 'days' }>, at: Date) {
  if (hours.type === 'always') return { open: true, closesAt: null, nextOpenAt: null };
  const range = openRange(hours, at);
  if (range) {
    // Ranges that meet or overlap make one interval (Monday 22:00–24:00 and Tuesday 00:00–02:00 close at 02:00).
    let closes = range[1];
    for (let next = openRange(hours, new Date(closes)); next && closes < at.getTime() + 400 * DAY_MS; next = openRange(hours, new Date(closes))) closes = next[1];
    return { open: true, closesAt: new Date(closes), nextOpenAt: null };
  }
  const today = tokyoDate(at);
  for (let offset = 0; offset <= 31; offset++) {
    const base = tokyoMidnight(today, offset);
    for (const [start] of rangesStartingOn(hours, tokyoDate(base))) {
      const opens = base.getTime() + start * 60_000;
      if (opens > at.getTime()) return { open: false, closesAt: null, nextOpenAt: new Date(opens) };
    }
  }
  return { open: false, closesAt: null, nextOpenAt: null };
}

const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 59)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const range = fc.record({ day: fc.constantFrom(...WEEKDAYS), start: time, end: fc.oneof(time, fc.constant('24:00')) });
const hours: fc.Arbitrary<Exclude<Hours, { type: 'days' }>> = fc.oneof(
  fc.constant({ type: 'always' as const }),
  fc.record({ type: fc.constant('weekly' as const), publicHolidays: fc.constantFrom('closed' as const, 'as_usual' as const, 'as_sunday' as const), ranges: fc.array(range, { minLength: 1, maxLength: 6 }) })
    .filter((h) => hoursProblems(h).length === 0),
);
// Instants over the years the holiday data covers, often on a holiday, a minute boundary or between.
const holidayInstants = [...HOLIDAYS.keys()].map((date) => Date.parse(`${date}T00:00:00+09:00`));
const instant = fc.oneof(
  fc.integer({ min: Date.parse('1980-01-01T00:00:00Z'), max: Date.parse('2049-12-01T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...holidayInstants), fc.integer({ min: -DAY_MS, max: 2 * DAY_MS })).map(([base, offset]) => base + offset),
  fc.tuple(fc.constantFrom(...holidayInstants), fc.integer({ min: -48, max: 96 })).map(([base, quarter]) => base + quarter * 15 * 60_000),
);

describe('compiled hours', () => {
  it('give exactly what the string-based evaluator gave, on any hours at any instant', () => {
    fc.assert(
      fc.property(hours, instant, (h, ms) => {
        const { open, closesAt, nextOpenAt } = openingAt(h, new Date(ms));
        expect({ open, closesAt, nextOpenAt }).toEqual(referenceOpeningAt(h, new Date(ms)));
      }),
      { numRuns: 20_000 },
    );
  });
});
