import fc from 'fast-check';
import { dateKey, hoursProblems, MONTH_WEEKS, WEEKDAYS } from '../../src/hours/hours';
import type { Closure, DayTimeRange, HolidayRule, Hours, MonthlyRange, TimeRange, WeeklyHours } from '../../src/hours/hours';

/**
 * Valid hours in the one-to-one subset of osm.ts, for property tests. Times are on a
 * 15-minute grid so that instants on the grid fall on the edges of ranges. A range runs
 * past midnight only when the hours have no PH or closure rule (the one combination osm.ts
 * refuses); past midnight it is written either way hours.ts allows (22:00-02:00, 22:00-26:00).
 */
const STEP = 15;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A range within one day, or (spill) one that may end the next day. */
function dayRange(spill: boolean): fc.Arbitrary<DayTimeRange> {
  return fc
    .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: spill ? 191 : 96 }), fc.boolean())
    .filter(([start, length]) => start + length <= (spill ? 192 : 96))
    .map(([start, length, wrapped]) => {
      const end = (start + length) * STEP;
      // Past midnight, an end not after the start can be written as the next day's time.
      const endText = end > 1440 && end - 1440 <= start * STEP && wrapped ? hhmm(end - 1440) : hhmm(end);
      return { start: hhmm(start * STEP), end: endText };
    });
}

// 02-29 yearly is refused by osm.ts (OSM evaluators read it as 03-01 in common years).
const monthDay = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).filter(([m, d]) => dateKey(`${pad(m)}-${pad(d)}`, true) !== null && !(m === 2 && d === 29));
const pad = (n: number) => String(n).padStart(2, '0');
const label = fc.option(fc.constantFrom('年末年始', '臨時休業', 'お盆休み', 'system maintenance'), { nil: undefined });

const closure: fc.Arbitrary<Closure> = fc.oneof(
  fc.tuple(monthDay, fc.option(monthDay, { nil: undefined }), label).map(([[m, d], to, name]) => ({
    from: `${pad(m)}-${pad(d)}`,
    ...(to ? { to: `${pad(to[0])}-${pad(to[1])}` } : {}),
    yearly: true,
    ...(name !== undefined ? { label: name } : {}),
  })),
  fc.tuple(fc.integer({ min: Date.UTC(2025, 0, 1) / 86_400_000, max: Date.UTC(2030, 11, 20) / 86_400_000 }), fc.integer({ min: 0, max: 10 }), label).map(([day, length, name]) => ({
    from: new Date(day * 86_400_000).toISOString().slice(0, 10),
    ...(length > 0 ? { to: new Date((day + length) * 86_400_000).toISOString().slice(0, 10) } : {}),
    ...(name !== undefined ? { label: name } : {}),
  })),
);

function weekly(spill: boolean): fc.Arbitrary<WeeklyHours> {
  const timeRange: fc.Arbitrary<TimeRange> = fc.tuple(fc.constantFrom(...WEEKDAYS), dayRange(spill)).map(([day, range]) => ({ day, ...range }));
  const monthly: fc.Arbitrary<MonthlyRange> = fc.tuple(fc.constantFrom(...MONTH_WEEKS), fc.constantFrom(...WEEKDAYS), dayRange(spill)).map(([week, day, range]) => ({ week, day, ...range }));
  const holidays: fc.Arbitrary<HolidayRule> = spill ? fc.constant('as_usual') : fc.constantFrom('closed', 'as_usual', 'as_sunday');
  return fc
    .record({
      ranges: fc.array(timeRange, { maxLength: 8 }),
      publicHolidays: holidays,
      closures: spill ? fc.constant<Closure[]>([]) : fc.array(closure, { maxLength: 3 }),
      monthly: fc.array(monthly, { maxLength: 2 }),
    })
    .map(({ ranges, publicHolidays, closures, monthly: rules }) => ({
      type: 'weekly' as const,
      ranges,
      publicHolidays,
      ...(closures.length ? { closures } : {}),
      ...(rules.length ? { monthly: rules } : {}),
    }))
    .filter((hours) => hoursProblems(hours).length === 0);
}

export const mappableHours: fc.Arbitrary<Hours> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ type: 'always' as const }) },
  { weight: 5, arbitrary: weekly(false) },
  { weight: 3, arbitrary: weekly(true) },
);

/** The form fromOpeningHours gives back: ranges by day and start, a closure's `to` only when it differs, as_sunday with no Sunday as closed. */
export function normalised(hours: Hours): Hours {
  if (hours.type !== 'weekly') return hours;
  const order = (range: TimeRange) => WEEKDAYS.indexOf(range.day) * 10_000 + Number(range.start.replace(':', ''));
  const noSunday = !hours.ranges.some((range) => range.day === 'sun');
  return {
    type: 'weekly',
    ranges: [...hours.ranges].sort((a, b) => order(a) - order(b)),
    publicHolidays: hours.publicHolidays === 'as_sunday' && noSunday ? 'closed' : hours.publicHolidays,
    ...(hours.closures?.length ? { closures: hours.closures.map(({ to, yearly, ...rest }) => ({ ...rest, ...(to !== undefined && to !== rest.from ? { to } : {}), ...(yearly ? { yearly } : {}) })) } : {}),
    ...(hours.monthly?.length ? { monthly: hours.monthly } : {}),
  };
}
