import { dateKey, rangeMinutes, WEEKDAYS } from './hours';
import type { DateSpan, DayTimeRange, Hours, TimeRange, Weekday } from './hours';
import { compileHours, tokyoDate } from './opening';

/**
 * Hours as schema.org OpeningHoursSpecification objects (the JSON-LD that search engines
 * read), Asia/Tokyo implied. A one-way export: schema.org cannot say everything hours.ts
 * says, so it is the closest reading, not an interchange form (docs/hours-interchange.md):
 * - a range past midnight is split at midnight into the part on its day (closing 23:59:59)
 *   and the part on the next (opening 00:00:00), so that no consumer has to guess what a
 *   `closes` before `opens`, or a range of more than 24 hours, means;
 * - public holidays closed: PublicHolidays opening and closing at 00:00:00; as Sundays:
 *   PublicHolidays with Sunday's ranges, until midnight;
 * - closures, special openings, seasons and monthly rules: dated entries (validFrom,
 *   validThrough), the yearly ones and monthly rules as their dates within the next 12
 *   months from `now`, one-off ones unless already over;
 * - last intake (最終受付) and notes have no property: left out.
 * Null for the `days` form, whose times are not known.
 */
export interface OpeningHoursSpecification {
  '@type': 'OpeningHoursSpecification';
  dayOfWeek?: string | string[];
  opens: string;
  closes: string;
  validFrom?: string;
  validThrough?: string;
}

const DAY_URLS: Record<Weekday, string> = {
  mon: 'https://schema.org/Monday',
  tue: 'https://schema.org/Tuesday',
  wed: 'https://schema.org/Wednesday',
  thu: 'https://schema.org/Thursday',
  fri: 'https://schema.org/Friday',
  sat: 'https://schema.org/Saturday',
  sun: 'https://schema.org/Sunday',
};
const PUBLIC_HOLIDAYS = 'https://schema.org/PublicHolidays';
const MIDNIGHT = '00:00:00';
const END_OF_DAY = '23:59:59';
const DAY_MS = 86_400_000;

type Entry = Omit<OpeningHoursSpecification, '@type'>;

export function toOpeningHoursSpecification(hours: Hours, now: Date): OpeningHoursSpecification[] | null {
  if (hours.type === 'days') return null;
  if (hours.type === 'always') return [spec({ dayOfWeek: [...WEEKDAYS.map((day) => DAY_URLS[day]), PUBLIC_HOLIDAYS], opens: MIDNIGHT, closes: END_OF_DAY })];
  const today = tokyoDate(now);
  const horizon = addDays(addYears(today, 1), -1);
  const entries: Entry[] = weeklyEntries(hours.ranges);
  if (hours.publicHolidays === 'closed') entries.push({ dayOfWeek: PUBLIC_HOLIDAYS, opens: MIDNIGHT, closes: MIDNIGHT });
  if (hours.publicHolidays === 'as_sunday') {
    for (const range of hours.ranges.filter((r) => r.day === 'sun')) {
      const { opens, closes } = dayPart(range)[0];
      entries.push({ dayOfWeek: PUBLIC_HOLIDAYS, opens, closes });
    }
  }
  for (const season of hours.seasons ?? []) {
    for (const [from, to] of occurrences(season, today, horizon)) entries.push(...weeklyEntries(season.ranges).map((entry) => ({ ...entry, validFrom: from, validThrough: to })));
  }
  for (const special of hours.specialOpenings ?? []) {
    for (const [from, to] of occurrences(special, today, horizon)) {
      for (const range of special.ranges) entries.push(...dated(range, from, to));
    }
  }
  // The days a monthly rule applies on are the evaluator's (hours.ts rule 4), not worked out again here.
  const compiled = compileHours(hours);
  (hours.monthly ?? []).forEach((rule, i) => {
    for (let date = today; date <= horizon; date = addDays(date, 1)) {
      if (compiled.monthlyRulesOn(Date.parse(`${date}T00:00:00Z`) / DAY_MS).includes(i)) entries.push(...dated(rule, date, date, rule.day));
    }
  });
  for (const closure of hours.closures ?? []) {
    for (const [from, to] of occurrences(closure, today, horizon)) entries.push({ opens: MIDNIGHT, closes: MIDNIGHT, validFrom: from, validThrough: to });
  }
  return entries.map(spec);
}

function spec(entry: Entry): OpeningHoursSpecification {
  return { '@type': 'OpeningHoursSpecification', ...entry };
}

const clock = (minutes: number) => (minutes >= 1440 ? END_OF_DAY : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`);

/** A range as opens/closes on its day and, past midnight, on the next (offset 1). */
function dayPart(range: DayTimeRange): { opens: string; closes: string; offset: number }[] {
  const [start, end] = rangeMinutes(range);
  if (end <= 1440) return [{ opens: clock(start), closes: clock(end), offset: 0 }];
  return [
    { opens: clock(start), closes: END_OF_DAY, offset: 0 },
    { opens: MIDNIGHT, closes: clock(end - 1440), offset: 1 },
  ];
}

/** Weekly ranges, split at midnight, with the days that share opens and closes together. */
function weeklyEntries(ranges: TimeRange[]): Entry[] {
  const byTimes = new Map<string, Weekday[]>();
  for (const range of ranges) {
    for (const part of dayPart(range)) {
      const day = WEEKDAYS[(WEEKDAYS.indexOf(range.day) + part.offset) % 7];
      const key = `${part.opens}-${part.closes}`;
      byTimes.set(key, [...(byTimes.get(key) ?? []), day]);
    }
  }
  return [...byTimes].map(([key, days]) => {
    const [opens, closes] = key.split('-');
    const sorted = [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)).map((day) => DAY_URLS[day]);
    return { dayOfWeek: sorted.length === 1 ? sorted[0] : sorted, opens, closes };
  });
}

/** A range on the dates from–to (its part past midnight on the day after each). */
function dated(range: DayTimeRange, from: string, to: string, day?: Weekday): Entry[] {
  return dayPart(range).map((part) => ({
    ...(day ? { dayOfWeek: DAY_URLS[WEEKDAYS[(WEEKDAYS.indexOf(day) + part.offset) % 7]] } : {}),
    opens: part.opens,
    closes: part.closes,
    validFrom: addDays(from, part.offset),
    validThrough: addDays(to, part.offset),
  }));
}

/** The spans (YYYY-MM-DD, inclusive) of a date span that are not over by `today`; yearly ones those that start by `horizon`. */
function occurrences(span: DateSpan, today: string, horizon: string): [string, string][] {
  if (span.yearly !== true) {
    const to = span.to ?? span.from;
    return to >= today ? [[span.from, to]] : [];
  }
  const year = Number(today.slice(0, 4));
  const out: [string, string][] = [];
  for (let y = year - 1; y <= year + 1; y++) {
    const wraps = span.to !== undefined && dateKey(span.to, true)! < dateKey(span.from, true)!;
    const from = yearlyDate(y, span.from, 'from');
    const to = yearlyDate(wraps ? y + 1 : y, span.to ?? span.from, 'to');
    if (from <= to && to >= today && from <= horizon) out.push([from, to]);
  }
  return out;
}

/** MM-DD in a year; 02-29 in a common year is the day after 02-28 as a start, 02-28 as an end (hours.ts: the day does not occur). */
function yearlyDate(year: number, monthDay: string, edge: 'from' | 'to'): string {
  const date = `${year}-${monthDay}`;
  if (dateKey(date, false) !== null) return date;
  return edge === 'from' ? `${year}-03-01` : `${year}-02-28`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function addYears(date: string, years: number): string {
  const [year, rest] = [Number(date.slice(0, 4)), date.slice(4)];
  const moved = `${year + years}${rest}`;
  return dateKey(moved, false) === null ? `${year + years}-02-28` : moved;
}
