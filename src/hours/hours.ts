import { registerDecorator, ValidationOptions } from 'class-validator';
import { textProblem } from '../common/text';

/**
 * Opening hours of a LINE service or a fallback channel, always in Asia/Tokyo (UTC+9 all
 * year). This comment is the one definition of what hours mean; CompiledHours
 * (opening.ts) evaluates it in TypeScript and hours_windows() (migration
 * 1764600000000-hours-windows) in PostgreSQL, and a property test holds the two to the
 * same answer for every value and instant (test/hours-agreement.e2e-spec.ts).
 *
 * Three forms:
 * - `always`: open 24 hours a day, every day, holidays included.
 * - `days`: the weekdays it runs on, the times not stated by the source (大阪市's 「毎週木曜日」).
 *   Evaluated as unknown (like no hours at all): it records what is known, nothing more.
 * - `weekly`: ranges per weekday, and what changes them.
 *
 * A time range has `start` (00:00–23:59) and `end` (00:00–48:00) on the day it starts:
 * an end not after the start crosses midnight (22:00–02:00), `24:00` ends at midnight, and
 * an end past 24:00 ends the next day (12:00–45:00: until 21:00 the next day). A range
 * may carry `lastIntake` (最終受付), the time after which no new consultation starts;
 * it lies inside the range (a time not after the start is the next day's).
 *
 * A date is `MM-DD` when its entry is `yearly` (true) and `YYYY-MM-DD` otherwise; `to`
 * (inclusive) defaults to `from`, and a yearly span may run over the new year
 * (12-29 to 01-03).
 *
 * The ranges that start on a Tokyo calendar day are, first rule that applies:
 *  1. the union of the ranges of every `specialOpenings` entry whose dates hold the day;
 *  2. none, when a `closures` entry holds the day (the first one's label is the reason);
 *  3. on a public holiday (national holidays, 振替休日 and 国民の休日, from the
 *     @holiday-jp/holiday_jp package): none when `publicHolidays` is `closed`, Sunday's
 *     base ranges when `as_sunday`, and on with rule 4 when `as_usual`;
 *  4. the day's weekday's base ranges, and every `monthly` range whose week and weekday
 *     are the day's (week 1–5: the nth such weekday of the month; -1: the last).
 * The base ranges of a weekday on a day: the union of that weekday's ranges of every
 * `seasons` entry whose dates hold the day, or, when no season holds it, `ranges`.
 * A range belongs to the day it starts on: Saturday 22:00–02:00 still runs into a closed
 * Sunday. Something is open at an instant when a range of that day or the day before
 * holds it ([start, end)), and accepts new consultations when a range holds it before its
 * last intake.
 *
 * Why it is closed (availability's closedReason), by the day the instant falls on:
 * `closure` (with its label) on a closure's day; `season_over` when the hours have no
 * regular ranges and open only in seasons or on special openings, and no season holds the
 * day (a fixed window such as a Golden Week line counts as a season here); `public_holiday`
 * (with its name) on a holiday that is `closed` or `as_sunday`; else `outside_hours`.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const HOLIDAY_RULES = ['closed', 'as_usual', 'as_sunday'] as const;
export type HolidayRule = (typeof HOLIDAY_RULES)[number];
/** Week of the month of a monthly rule: the 1st to 5th, or -1 for the last. */
export const MONTH_WEEKS = [1, 2, 3, 4, 5, -1] as const;
export type MonthWeek = (typeof MONTH_WEEKS)[number];

/** A range on the day it starts on. */
export interface DayTimeRange {
  start: string;
  end: string;
  lastIntake?: string;
}

export interface TimeRange extends DayTimeRange {
  day: Weekday;
}

/** Dates: `MM-DD` when yearly, `YYYY-MM-DD` otherwise; `to` defaults to `from`. */
export interface DateSpan {
  from: string;
  to?: string;
  yearly?: boolean;
  label?: string;
}

export type Closure = DateSpan;

export interface SpecialOpening extends DateSpan {
  ranges: DayTimeRange[];
}

export interface Season extends DateSpan {
  ranges: TimeRange[];
}

export interface MonthlyRange extends DayTimeRange {
  week: MonthWeek;
  day: Weekday;
  label?: string;
}

export interface WeeklyHours {
  type: 'weekly';
  ranges: TimeRange[];
  publicHolidays: HolidayRule;
  closures?: Closure[];
  specialOpenings?: SpecialOpening[];
  seasons?: Season[];
  monthly?: MonthlyRange[];
  notes?: string;
}

export type Hours = { type: 'always'; notes?: string } | { type: 'days'; days: Weekday[]; notes?: string } | WeeklyHours;

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const EXTENDED_TIME = /^([0-3]\d|4[0-7]):([0-5]\d)$|^48:00$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_RANGES = 50;
const MAX_ENTRIES = 50;
const MAX_NOTES = 500;
const MAX_LABEL = 100;

/** Minutes from midnight of a time HH:MM, up to 48:00 (the next day's end); null when malformed. */
export function minutesOf(time: string): number | null {
  const match = EXTENDED_TIME.exec(time);
  return match ? Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) : null;
}

/** A range's [start, end, lastIntake] in minutes from the midnight of the day it starts on. */
export function rangeMinutes(range: DayTimeRange): [number, number, number] {
  const start = minutesOf(range.start)!;
  let end = minutesOf(range.end)!;
  if (end <= start) end += MINUTES_PER_DAY;
  if (range.lastIntake === undefined) return [start, end, end];
  let intake = minutesOf(range.lastIntake)!;
  if (intake <= start) intake += MINUTES_PER_DAY;
  return [start, end, intake];
}

/** A range as minutes from Monday 00:00, [start, end), end possibly past Sunday's end. */
export function weekInterval(range: TimeRange): [number, number] {
  const dayStart = WEEKDAYS.indexOf(range.day) * MINUTES_PER_DAY;
  const [start, end] = rangeMinutes(range);
  return [dayStart + start, dayStart + end];
}

/** Every problem with a value that should be Hours, each with the path of the part at fault. */
export function hoursProblems(value: unknown): string[] {
  if (!isObject(value)) return ['must be an object with a type of "always", "days" or "weekly"'];
  const problems: string[] = [];
  const allowed =
    value.type === 'always'
      ? ['type', 'notes']
      : value.type === 'days'
        ? ['type', 'days', 'notes']
        : ['type', 'ranges', 'publicHolidays', 'closures', 'specialOpenings', 'seasons', 'monthly', 'notes'];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${key} is not a known property`);
  }
  problems.push(...textProblems(value.notes, 'notes', MAX_NOTES, true));
  if (value.type === 'always') return problems;
  if (value.type === 'days') return [...problems, ...daysProblems(value.days)];
  if (value.type !== 'weekly') return [...problems, 'type must be "always", "days" or "weekly"'];
  if (!HOLIDAY_RULES.includes(value.publicHolidays as HolidayRule)) {
    problems.push(`publicHolidays must be one of ${HOLIDAY_RULES.join(', ')}`);
  }
  if (!Array.isArray(value.ranges)) return [...problems, 'ranges must be an array (use type "always" for 24 hours)'];
  problems.push(...weekRangesProblems(value.ranges, 'ranges'));
  problems.push(...entriesProblems(value.closures, 'closures', (entry, path) => spanProblems(entry, path, [])));
  problems.push(
    ...entriesProblems(value.specialOpenings, 'specialOpenings', (entry, path) => [
      ...spanProblems(entry, path, ['ranges']),
      ...dayRangesProblems(entry.ranges, `${path}.ranges`),
    ]),
  );
  problems.push(
    ...entriesProblems(value.seasons, 'seasons', (entry, path) => [...spanProblems(entry, path, ['ranges']), ...weekRangesProblems(entry.ranges, `${path}.ranges`)]),
  );
  problems.push(...entriesProblems(value.monthly, 'monthly', monthlyProblems));
  const opensSometime =
    value.ranges.length > 0 || [value.specialOpenings, value.seasons, value.monthly].some((entries) => Array.isArray(entries) && entries.length > 0);
  if (!opensSometime) problems.push('ranges must not be empty unless seasons, specialOpenings or monthly open it (use type "always" for 24 hours)');
  return problems;
}

function daysProblems(days: unknown): string[] {
  if (!Array.isArray(days) || days.length === 0 || days.length > 7) return [`days must be a non-empty array of ${WEEKDAYS.join(', ')}`];
  const problems = days.flatMap((day, i) => (WEEKDAYS.includes(day as Weekday) ? [] : [`days[${i}] must be one of ${WEEKDAYS.join(', ')}`]));
  if (new Set(days).size !== days.length) problems.push('days must not repeat a day');
  return problems;
}

function textProblems(value: unknown, path: string, max: number, multiline: boolean): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'string' || value.length > max) return [`${path} must be a string of at most ${max} characters`];
  const problem = textProblem(value, { multiline });
  return problem ? [`${path} ${problem}`] : [];
}

/** An optional array of at most MAX_ENTRIES objects, each checked by `check`. */
function entriesProblems(value: unknown, path: string, check: (entry: Record<string, unknown>, path: string) => string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [`${path} must be an array`];
  if (value.length > MAX_ENTRIES) return [`${path} may hold at most ${MAX_ENTRIES} entries`];
  return value.flatMap((entry: unknown, i: number) => (isObject(entry) ? check(entry, `${path}[${i}]`) : [`${path}[${i}] must be an object`]));
}

/** from, to, yearly and label of a DateSpan, and no keys but those and `extra`. */
function spanProblems(span: Record<string, unknown>, path: string, extra: string[]): string[] {
  const problems = Object.keys(span)
    .filter((key) => !['from', 'to', 'yearly', 'label', ...extra].includes(key))
    .map((key) => `${path}.${key} is not a known property`);
  if (span.yearly !== undefined && typeof span.yearly !== 'boolean') problems.push(`${path}.yearly must be true or false`);
  const yearly = span.yearly === true;
  const form = yearly ? 'a day of the year MM-DD (yearly)' : 'a date YYYY-MM-DD (or MM-DD with "yearly": true)';
  const from = dateKey(span.from, yearly);
  if (from === null) problems.push(`${path}.from must be ${form}`);
  const to = span.to === undefined ? from : dateKey(span.to, yearly);
  if (to === null) problems.push(`${path}.to must be ${form}`);
  else if (from !== null && !yearly && to < from) problems.push(`${path}.to must not be before from`);
  problems.push(...textProblems(span.label, `${path}.label`, MAX_LABEL, false));
  return problems;
}

/** MM-DD as month*100+day (yearly), YYYY-MM-DD as year*10000+month*100+day, null when not a real date. */
export function dateKey(value: unknown, yearly: boolean): number | null {
  if (typeof value !== 'string') return null;
  const match = (yearly ? MONTH_DAY : FULL_DATE).exec(value);
  if (!match) return null;
  const [year, month, day] = yearly ? [2000, Number(match[1]), Number(match[2])] : [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || year > 9999 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return yearly ? month * 100 + day : year * 10000 + month * 100 + day;
}

function weekRangesProblems(ranges: unknown, path: string): string[] {
  if (!Array.isArray(ranges)) return [`${path} must be an array`];
  if (ranges.length > MAX_RANGES) return [`${path} may hold at most ${MAX_RANGES} entries`];
  const shapes = ranges.flatMap((range: unknown, i: number) => rangeShapeProblems(range, `${path}[${i}]`, ['day']));
  if (shapes.length) return shapes;
  return overlapProblems(
    (ranges as TimeRange[]).map((range) => weekInterval(range)),
    path,
    MINUTES_PER_WEEK,
  );
}

function dayRangesProblems(ranges: unknown, path: string): string[] {
  if (!Array.isArray(ranges) || ranges.length === 0) return [`${path} must be a non-empty array`];
  if (ranges.length > MAX_RANGES) return [`${path} may hold at most ${MAX_RANGES} entries`];
  const shapes = ranges.flatMap((range: unknown, i: number) => rangeShapeProblems(range, `${path}[${i}]`, []));
  if (shapes.length) return shapes;
  return overlapProblems(
    (ranges as DayTimeRange[]).map((range) => rangeMinutes(range).slice(0, 2) as [number, number]),
    path,
    null,
  );
}

function monthlyProblems(entry: Record<string, unknown>, path: string): string[] {
  const problems = rangeShapeProblems(entry, path, ['day', 'week', 'label']);
  if (!MONTH_WEEKS.includes(entry.week as MonthWeek)) problems.push(`${path}.week must be 1 to 5 (the nth such weekday of the month) or -1 (the last)`);
  problems.push(...textProblems(entry.label, `${path}.label`, MAX_LABEL, false));
  return problems;
}

/** start, end and lastIntake of a range, `day` among `extra` keys when it is a weekly one. */
function rangeShapeProblems(range: unknown, path: string, extra: string[]): string[] {
  if (!isObject(range)) return [`${path} must be an object with ${extra.includes('day') ? 'day, ' : ''}start and end`];
  const problems = Object.keys(range)
    .filter((key) => !['start', 'end', 'lastIntake', ...extra].includes(key))
    .map((key) => `${path}.${key} is not a known property`);
  if (extra.includes('day') && !WEEKDAYS.includes(range.day as Weekday)) problems.push(`${path}.day must be one of ${WEEKDAYS.join(', ')}`);
  const startOk = typeof range.start === 'string' && TIME.test(range.start);
  if (!startOk) problems.push(`${path}.start must be a time HH:MM from 00:00 to 23:59`);
  const endOk = typeof range.end === 'string' && minutesOf(range.end) !== null;
  if (!endOk) problems.push(`${path}.end must be a time HH:MM from 00:00 to 48:00 (past 24:00: the next day)`);
  if (startOk && endOk) {
    const start = minutesOf(range.start as string)!;
    const end = minutesOf(range.end as string)!;
    if (end === start) problems.push(`${path} is empty: start and end are the same (use type "always" for 24 hours)`);
  }
  if (range.lastIntake !== undefined) {
    const intakeOk = typeof range.lastIntake === 'string' && minutesOf(range.lastIntake) !== null;
    if (!intakeOk) problems.push(`${path}.lastIntake must be a time HH:MM from 00:00 to 48:00`);
    else if (startOk && endOk) {
      const [start, end, intake] = rangeMinutes(range as unknown as DayTimeRange);
      if (!(start < intake && intake < end)) problems.push(`${path}.lastIntake must lie after start and before end`);
    }
  }
  return problems;
}

/** Pairs of intervals that overlap; on the circular week when `period` is given (Sunday 23:00–01:00 reaches into Monday). */
function overlapProblems(intervals: [number, number][], path: string, period: number | null): string[] {
  const shifts = period === null ? [0] : [-period, 0, period];
  const problems: string[] = [];
  for (let a = 0; a < intervals.length; a++) {
    for (let b = a + 1; b < intervals.length; b++) {
      const [s1, e1] = intervals[a];
      const [s2, e2] = intervals[b];
      if (shifts.some((shift) => s1 < e2 + shift && s2 + shift < e1)) problems.push(`${path}[${a}] and ${path}[${b}] overlap`);
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** class-validator decorator: the property, when present and not null, must be valid Hours. */
export function IsHours(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isHours',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => value === null || value === undefined || hoursProblems(value).length === 0,
        defaultMessage: (args) => `is not valid hours: ${hoursProblems(args?.value).join('; ')}`,
      },
    });
}
