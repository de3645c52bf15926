import holidayJp from '@holiday-jp/holiday_jp';
import { Hours, TimeRange, Weekday, WEEKDAYS, minutesOf } from './hours';

/**
 * Whether something is open at a time, by its hours, in Asia/Tokyo (UTC+9 all year: Japan
 * has no daylight saving time). Public holidays, substitute holidays included, come from
 * the maintained @holiday-jp/holiday_jp data set.
 */
const TOKYO_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const LOOKAHEAD_DAYS = 31;

const HOLIDAYS = new Map(Object.entries(holidayJp.holidays).map(([date, holiday]) => [date, holiday.name]));

export interface Opening {
  /** Null when the hours are not known. */
  open: boolean | null;
  /** When it closes, if open and not always open. */
  closesAt: Date | null;
  /** When it next opens, if closed (within a month). */
  nextOpenAt: Date | null;
}

/** The Tokyo calendar date (YYYY-MM-DD) of an instant. */
export function tokyoDate(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

export function holidayName(date: string): string | null {
  return HOLIDAYS.get(date) ?? null;
}

/** Midnight (Tokyo) of the Tokyo date `date`, plus `days`. */
function tokyoMidnight(date: string, days = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - TOKYO_OFFSET_MS + days * DAY_MS);
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
}

/** The ranges that start on a Tokyo date, holidays applied: [start, end) in minutes from its midnight. */
function rangesStartingOn(hours: Extract<Hours, { type: 'weekly' }>, date: string): [number, number][] {
  let day = weekdayOf(date);
  if (HOLIDAYS.has(date)) {
    if (hours.publicHolidays === 'closed') return [];
    if (hours.publicHolidays === 'as_sunday') day = 'sun';
  }
  return hours.ranges.filter((r: TimeRange) => r.day === day).map(toMinutes).sort((a, b) => a[0] - b[0]);
}

function toMinutes(range: TimeRange): [number, number] {
  const start = minutesOf(range.start)!;
  const end = minutesOf(range.end)!;
  return [start, end <= start ? end + 1440 : end];
}

/** The range open at `at`, as [opens, closes] in ms, or null: yesterday's may still run past midnight. */
function openRange(hours: Extract<Hours, { type: 'weekly' }>, at: Date): [number, number] | null {
  const today = tokyoDate(at);
  for (const offset of [-1, 0]) {
    const base = tokyoMidnight(today, offset);
    const date = tokyoDate(base);
    for (const [start, end] of rangesStartingOn(hours, date)) {
      const opens = base.getTime() + start * 60_000;
      const closes = base.getTime() + end * 60_000;
      if (opens <= at.getTime() && at.getTime() < closes) return [opens, closes];
    }
  }
  return null;
}

/** Just whether it is open (null: hours not known): cheaper than openingAt, which also looks ahead. */
export function isOpenAt(hours: Hours | null, at: Date): boolean | null {
  if (!hours) return null;
  if (hours.type === 'always') return true;
  return openRange(hours, at) !== null;
}

export function openingAt(hours: Hours | null, at: Date): Opening {
  if (!hours) return { open: null, closesAt: null, nextOpenAt: null };
  if (hours.type === 'always') return { open: true, closesAt: null, nextOpenAt: null };
  const range = openRange(hours, at);
  if (range) return { open: true, closesAt: new Date(range[1]), nextOpenAt: null };
  const today = tokyoDate(at);
  for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset++) {
    const base = tokyoMidnight(today, offset);
    for (const [start] of rangesStartingOn(hours, tokyoDate(base))) {
      const opens = base.getTime() + start * 60_000;
      if (opens > at.getTime()) return { open: false, closesAt: null, nextOpenAt: new Date(opens) };
    }
  }
  return { open: false, closesAt: null, nextOpenAt: null };
}
