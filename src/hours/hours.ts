import { registerDecorator, ValidationOptions } from 'class-validator';
import { textProblem } from '../common/text';

/**
 * Opening hours of a LINE service or a fallback channel, always in Asia/Tokyo.
 *
 * `always`: open 24 hours a day, every day, holidays included.
 * `weekly`: ranges per weekday; a range whose end is not after its start crosses
 * midnight into the next day (22:00–02:00), and `24:00` ends a range at midnight.
 * `publicHolidays` says what happens on Japanese public holidays: `closed`,
 * `as_usual` (the weekday's own ranges) or `as_sunday` (Sunday's ranges).
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const HOLIDAY_RULES = ['closed', 'as_usual', 'as_sunday'] as const;
export type HolidayRule = (typeof HOLIDAY_RULES)[number];

export interface TimeRange {
  day: Weekday;
  start: string;
  end: string;
}

export type Hours =
  | { type: 'always'; notes?: string }
  | { type: 'weekly'; ranges: TimeRange[]; publicHolidays: HolidayRule; notes?: string };

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_RANGES = 50;
const MAX_NOTES = 500;

export function minutesOf(time: string): number | null {
  if (time === '24:00') return MINUTES_PER_DAY;
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** A range as minutes from Monday 00:00, [start, end), end possibly past Sunday's end. */
export function weekInterval(range: TimeRange): [number, number] {
  const dayStart = WEEKDAYS.indexOf(range.day) * MINUTES_PER_DAY;
  const start = minutesOf(range.start)!;
  const end = minutesOf(range.end)!;
  const crossesMidnight = end <= start;
  return [dayStart + start, dayStart + end + (crossesMidnight ? MINUTES_PER_DAY : 0)];
}

/** Every problem with a value that should be Hours, each with the path of the part at fault. */
export function hoursProblems(value: unknown): string[] {
  if (!isObject(value)) return ['must be an object with a type of "always" or "weekly"'];
  const problems: string[] = [];
  const allowed = value.type === 'always' ? ['type', 'notes'] : ['type', 'ranges', 'publicHolidays', 'notes'];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${key} is not a known property`);
  }
  if (value.notes !== undefined) {
    if (typeof value.notes !== 'string' || value.notes.length > MAX_NOTES) problems.push(`notes must be a string of at most ${MAX_NOTES} characters`);
    else {
      const problem = textProblem(value.notes, { multiline: true });
      if (problem) problems.push(`notes ${problem}`);
    }
  }
  if (value.type === 'always') return problems;
  if (value.type !== 'weekly') return [...problems, 'type must be "always" or "weekly"'];
  if (!HOLIDAY_RULES.includes(value.publicHolidays as HolidayRule)) {
    problems.push(`publicHolidays must be one of ${HOLIDAY_RULES.join(', ')}`);
  }
  if (!Array.isArray(value.ranges) || value.ranges.length === 0) {
    return [...problems, 'ranges must be a non-empty array (use type "always" for 24 hours)'];
  }
  if (value.ranges.length > MAX_RANGES) return [...problems, `ranges may hold at most ${MAX_RANGES} entries`];
  const rangeProblems = value.ranges.flatMap((range: unknown, i: number) => rangeShapeProblems(range, `ranges[${i}]`));
  if (rangeProblems.length) return [...problems, ...rangeProblems];
  return [...problems, ...overlapProblems(value.ranges as TimeRange[])];
}

function rangeShapeProblems(range: unknown, path: string): string[] {
  if (!isObject(range)) return [`${path} must be an object with day, start and end`];
  const problems = Object.keys(range)
    .filter((key) => !['day', 'start', 'end'].includes(key))
    .map((key) => `${path}.${key} is not a known property`);
  if (!WEEKDAYS.includes(range.day as Weekday)) problems.push(`${path}.day must be one of ${WEEKDAYS.join(', ')}`);
  if (typeof range.start !== 'string' || !TIME.test(range.start)) problems.push(`${path}.start must be a time HH:MM from 00:00 to 23:59`);
  if (typeof range.end !== 'string' || minutesOf(range.end) === null) problems.push(`${path}.end must be a time HH:MM from 00:00 to 24:00`);
  else if (range.start === range.end) problems.push(`${path} is empty: start and end are the same (use type "always" for 24 hours)`);
  return problems;
}

function overlapProblems(ranges: TimeRange[]): string[] {
  const intervals = ranges.map((range, index) => ({ index, interval: weekInterval(range) }));
  const problems: string[] = [];
  for (let a = 0; a < intervals.length; a++) {
    for (let b = a + 1; b < intervals.length; b++) {
      if (overlapOnWeek(intervals[a].interval, intervals[b].interval)) {
        problems.push(`ranges[${intervals[a].index}] and ranges[${intervals[b].index}] overlap`);
      }
    }
  }
  return problems;
}

/** Overlap on the circular week: Sunday 23:00–01:00 reaches into Monday. */
function overlapOnWeek([s1, e1]: [number, number], [s2, e2]: [number, number]): boolean {
  return [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((shift) => s1 < e2 + shift && s2 + shift < e1);
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
