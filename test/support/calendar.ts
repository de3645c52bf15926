import holidayJp from '@holiday-jp/holiday_jp';

/**
 * Dates for tests that must pass on any day: every date a test asks about is found from a
 * reference time (the clock), never written down as a day that will one day have passed.
 *
 * `TEST_NOW` (an ISO 8601 instant) moves the reference time, to rehearse a suite on another
 * day — across a change of year, on a holiday, before a substitute holiday. It may only move
 * forward: data the tests create now must exist at the times they ask about.
 *
 * Japanese public holidays (substitute holidays and 国民の休日 included) come from the same
 * maintained data set the application uses, which runs to 2050.
 */

const TOKYO_OFFSET_MS = 9 * 3600_000;
const HOLIDAYS = new Map<string, string>(Object.entries(holidayJp.holidays).map(([date, holiday]) => [date, holiday.name]));
const DAY_MS = 86_400_000;

/** YYYY-MM-DD, a calendar date in Tokyo. */
export type TokyoDate = string;

export function referenceNow(): Date {
  const override = process.env.TEST_NOW;
  if (!override) return new Date();
  const at = new Date(override);
  if (Number.isNaN(at.getTime())) throw new Error(`TEST_NOW is not an ISO 8601 instant: ${override}`);
  if (at.getTime() < Date.now() - 60_000) throw new Error(`TEST_NOW (${override}) is in the past: the data tests create now would not exist then`);
  return at;
}

/** The Tokyo date of an instant. */
export function tokyoDateOf(at: Date): TokyoDate {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Tokyo date of the reference time. */
export function today(): TokyoDate {
  return tokyoDateOf(referenceNow());
}

export function addDays(date: TokyoDate, days: number): TokyoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: TokyoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function holidayOn(date: TokyoDate): string | null {
  return HOLIDAYS.get(date) ?? null;
}

/** A weekday (Monday to Friday) that is no public holiday. */
export function isWorkingDay(date: TokyoDate): boolean {
  const day = weekdayOf(date);
  return day >= 1 && day <= 5 && !holidayOn(date);
}

/** The first date after `after` (not `after` itself) that satisfies `test`, within ten years. */
export function nextDate(after: TokyoDate, test: (date: TokyoDate) => boolean): TokyoDate {
  for (let days = 1; days <= 3660; days++) {
    const date = addDays(after, days);
    if (test(date)) return date;
  }
  throw new Error(`no date within ten years after ${after} fits`);
}

export const nextWorkingDay = (after: TokyoDate) => nextDate(after, isWorkingDay);

/** The next Monday after `after` that is no holiday, and neither is the Tuesday after it. */
export function nextOrdinaryMonday(after: TokyoDate = today()): TokyoDate {
  return nextDate(after, (date) => weekdayOf(date) === 1 && !holidayOn(date) && !holidayOn(addDays(date, 1)));
}

/** The next public holiday after `after` for which `test` holds (from the holiday data). */
export function nextHoliday(after: TokyoDate = today(), test: (date: TokyoDate, name: string) => boolean = () => true): { date: TokyoDate; name: string } {
  const date = nextDate(after, (d) => holidayOn(d) !== null && test(d, holidayOn(d)!));
  return { date, name: holidayOn(date)! };
}

/** The next substitute holiday (振替休日) after `after`. */
export function nextSubstituteHoliday(after: TokyoDate = today()): { date: TokyoDate; name: string } {
  return nextHoliday(after, (_, name) => name.includes('振替休日'));
}

/** The next 1 January after `after`. */
export function nextNewYear(after: TokyoDate = today()): TokyoDate {
  return `${Number(after.slice(0, 4)) + 1}-01-01`;
}

/** A Tokyo wall-clock time on a Tokyo date, as an ISO instant in UTC (what the API answers). */
export function tokyoIso(date: TokyoDate, time: string): string {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+09:00`).toISOString();
}

/** The same, as a Date. */
export function tokyo(date: TokyoDate, time: string): Date {
  return new Date(tokyoIso(date, time));
}
