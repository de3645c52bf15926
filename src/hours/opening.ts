import holidayJp from '@holiday-jp/holiday_jp';
import { Hours, WEEKDAYS, minutesOf } from './hours';

/**
 * Whether something is open at a time, by its hours, in Asia/Tokyo (UTC+9 all year: Japan
 * has no daylight saving time). Public holidays, substitute holidays included, come from
 * the maintained @holiday-jp/holiday_jp data set.
 *
 * Hours are compiled once into ranges per weekday in minutes and holidays into Tokyo day
 * numbers (days since 1970-01-01), so evaluating an instant is integer arithmetic: the
 * availability index evaluates ~1,500 hours per answer. This is the only evaluator of
 * hours in TypeScript; `openingAt` and `isOpenAt` compile (once per hours object) and use it.
 */
const TOKYO_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const LOOKAHEAD_DAYS = 31;

const HOLIDAYS = new Map(Object.entries(holidayJp.holidays).map(([date, holiday]) => [date, holiday.name]));
/** Tokyo day numbers of the public holidays. */
const HOLIDAY_DAYS = new Set([...HOLIDAYS.keys()].map((date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS));

export interface Opening {
  /** Null when the hours are not known. */
  open: boolean | null;
  /** When it closes, if open and not always open. */
  closesAt: Date | null;
  /** When it next opens, if closed (within a month). */
  nextOpenAt: Date | null;
}

/** The same in ms since the epoch, for callers that serialise it themselves. */
export interface OpeningMs {
  open: boolean | null;
  closesAt: number | null;
  nextOpenAt: number | null;
}

/** The Tokyo calendar date (YYYY-MM-DD) of an instant. */
export function tokyoDate(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

export function holidayName(date: string): string | null {
  return HOLIDAYS.get(date) ?? null;
}

/** The Tokyo day number (days since 1970-01-01 in Tokyo) of an instant in ms. */
export function tokyoDay(ms: number): number {
  return Math.floor((ms + TOKYO_OFFSET_MS) / DAY_MS);
}

/** Monday 0 … Sunday 6 of a Tokyo day number (1970-01-01 was a Thursday). */
function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Ranges as [start, end) minutes from the midnight of the day they start on, end possibly past 24:00. */
type DayRanges = readonly (readonly [number, number])[];

const NO_RANGES: DayRanges = [];

/**
 * Hours ready to evaluate: `null` hours are unknown, `always` is open at every instant,
 * weekly hours are their ranges per weekday (sorted by start) and what holidays do.
 */
export class CompiledHours {
  private constructor(
    private readonly always: boolean,
    private readonly byWeekday: DayRanges[],
    private readonly holidayRule: 'closed' | 'as_usual' | 'as_sunday',
  ) {}

  static readonly ALWAYS = new CompiledHours(true, [], 'as_usual');

  static of(hours: Hours): CompiledHours {
    if (hours.type === 'always') return CompiledHours.ALWAYS;
    const byWeekday: [number, number][][] = WEEKDAYS.map(() => []);
    for (const range of hours.ranges) {
      const start = minutesOf(range.start)!;
      const end = minutesOf(range.end)!;
      byWeekday[WEEKDAYS.indexOf(range.day)].push([start, end <= start ? end + 1440 : end]);
    }
    for (const ranges of byWeekday) ranges.sort((a, b) => a[0] - b[0]);
    return new CompiledHours(false, byWeekday, hours.publicHolidays);
  }

  /** The ranges that start on a Tokyo day, holidays applied. */
  private startingOn(day: number): DayRanges {
    if (this.holidayRule !== 'as_usual' && HOLIDAY_DAYS.has(day)) return this.holidayRule === 'closed' ? NO_RANGES : this.byWeekday[6];
    return this.byWeekday[weekdayOfDay(day)];
  }

  /** When the range open at `ms` closes, or null when none is: yesterday's may still run past midnight. */
  private closingOfOpenRange(ms: number): number | null {
    const today = tokyoDay(ms);
    for (const day of [today - 1, today]) {
      const midnight = day * DAY_MS - TOKYO_OFFSET_MS;
      for (const [start, end] of this.startingOn(day)) {
        const opens = midnight + start * MINUTE_MS;
        const closes = midnight + end * MINUTE_MS;
        if (opens <= ms && ms < closes) return closes;
      }
    }
    return null;
  }

  isOpen(ms: number): boolean {
    return this.always || this.closingOfOpenRange(ms) !== null;
  }

  opening(ms: number): OpeningMs {
    if (this.always) return { open: true, closesAt: null, nextOpenAt: null };
    const closes = this.closingOfOpenRange(ms);
    if (closes !== null) return { open: true, closesAt: closes, nextOpenAt: null };
    const today = tokyoDay(ms);
    for (let day = today; day <= today + LOOKAHEAD_DAYS; day++) {
      const midnight = day * DAY_MS - TOKYO_OFFSET_MS;
      for (const [start] of this.startingOn(day)) {
        const opens = midnight + start * MINUTE_MS;
        if (opens > ms) return { open: false, closesAt: null, nextOpenAt: opens };
      }
    }
    return { open: false, closesAt: null, nextOpenAt: null };
  }
}

const COMPILED = new WeakMap<object, CompiledHours>();

/** The compiled form of hours, kept with the hours object. */
export function compileHours(hours: Hours): CompiledHours {
  let compiled = COMPILED.get(hours);
  if (!compiled) COMPILED.set(hours, (compiled = CompiledHours.of(hours)));
  return compiled;
}

/** Just whether it is open (null: hours not known): cheaper than openingAt, which also looks ahead. */
export function isOpenAt(hours: Hours | null, at: Date): boolean | null {
  return hours ? compileHours(hours).isOpen(at.getTime()) : null;
}

export function openingAt(hours: Hours | null, at: Date): Opening {
  if (!hours) return { open: null, closesAt: null, nextOpenAt: null };
  const { open, closesAt, nextOpenAt } = compileHours(hours).opening(at.getTime());
  return { open, closesAt: closesAt === null ? null : new Date(closesAt), nextOpenAt: nextOpenAt === null ? null : new Date(nextOpenAt) };
}
