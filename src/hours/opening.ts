import holidayJp from '@holiday-jp/holiday_jp';
import { dateKey, Hours, rangeMinutes, WEEKDAYS } from './hours';
import type { DateSpan, DayTimeRange, HolidayRule, WeeklyHours } from './hours';

/**
 * Whether something is open at a time, by its hours as hours.ts defines them, in
 * Asia/Tokyo (UTC+9 all year: Japan has no daylight saving time). Public holidays,
 * substitute holidays and 国民の休日 included, come from the maintained
 * @holiday-jp/holiday_jp data set (the same rows the database's public_holidays holds).
 *
 * Hours are compiled once into ranges in minutes (per weekday, per season, per special
 * opening, per monthly rule) and dates into Tokyo day numbers (days since 1970-01-01), so
 * evaluating an instant is integer arithmetic: the availability index evaluates ~1,500
 * hours per answer. This is the only evaluator of hours in TypeScript; hours_windows() is
 * the one in SQL, and test/hours-agreement.e2e-spec.ts holds the two to the same answers.
 */
const TOKYO_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How far ahead nextOpenAt and closesAt look: past a year, so a yearly season is always found. */
const LOOKAHEAD_DAYS = 400;

const HOLIDAYS = new Map(Object.entries(holidayJp.holidays).map(([date, holiday]) => [date, holiday.name]));
/** The public holidays by Tokyo day number. */
const HOLIDAY_NAMES = new Map([...HOLIDAYS].map(([date, name]) => [Date.parse(`${date}T00:00:00Z`) / DAY_MS, name]));

/** Every public holiday, for the database's copy (public_holidays). */
export function publicHolidays(): { date: string; name: string }[] {
  return [...HOLIDAYS].map(([date, name]) => ({ date, name }));
}

/** Why something is closed at an instant. */
export const CLOSED_REASONS = ['public_holiday', 'closure', 'outside_hours', 'season_over'] as const;
export type ClosedReasonCode = (typeof CLOSED_REASONS)[number];

export interface ClosedReason {
  code: ClosedReasonCode;
  /** The holiday's name (public_holiday), the closure's label (closure, when it has one), else null. */
  label: string | null;
}

export interface Opening {
  /** Null when the hours are not known. */
  open: boolean | null;
  /** Whether a new consultation can start now (false after the last intake, 最終受付). */
  acceptingNew: boolean | null;
  /** When it closes, if open and it closes within the lookahead (merged across midnight). */
  closesAt: Date | null;
  /** When it next opens, if closed (within a year and a month). */
  nextOpenAt: Date | null;
  /** Why it is closed, if it is. */
  reason: ClosedReason | null;
}

/** The same in ms since the epoch, for callers that serialise it themselves. */
export interface OpeningMs {
  open: boolean | null;
  acceptingNew: boolean | null;
  closesAt: number | null;
  nextOpenAt: number | null;
  reason: ClosedReason | null;
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

/** The instant (ms) a Tokyo day starts. */
export function tokyoMidnight(day: number): number {
  return day * DAY_MS - TOKYO_OFFSET_MS;
}

/** Monday 0 … Sunday 6 of a Tokyo day number (1970-01-01 was a Thursday). */
function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** [start, end, intake) in minutes from the midnight of the day it starts on; intake is the last intake or the end. */
type Range = readonly [number, number, number];
type Ranges = readonly Range[];

const NO_RANGES: Ranges = [];
const NO_RULES: readonly number[] = [];

/** Why a day has the ranges it has: a closed instant's reason is its day's. */
const enum Cause {
  Usual,
  Special,
  Closure,
  Holiday,
  OffSeason,
}

interface DayPlan {
  ranges: Ranges;
  cause: Cause;
  /** The closure's label or the holiday's name. */
  label: string | null;
  /** The positions in `monthly` of the monthly rules that apply on the day. */
  monthly?: readonly number[];
}

/** A date span compiled: keys as dateKey gives them (MM-DD as 1231, full dates as 20261231). */
interface Span {
  yearly: boolean;
  from: number;
  to: number;
}

function compileSpan(span: DateSpan): Span {
  const yearly = span.yearly === true;
  const from = dateKey(span.from, yearly)!;
  return { yearly, from, to: span.to === undefined ? from : dateKey(span.to, yearly)! };
}

/** Whether a span holds a day given as its month-day (1231) and full date (20261231) keys. */
function holds(span: Span, monthDay: number, date: number): boolean {
  if (!span.yearly) return span.from <= date && date <= span.to;
  return span.from <= span.to ? span.from <= monthDay && monthDay <= span.to : monthDay >= span.from || monthDay <= span.to;
}

function compileRanges(ranges: readonly DayTimeRange[]): Range[] {
  return ranges.map((range) => rangeMinutes(range)).sort((a, b) => a[0] - b[0]);
}

function byWeekday(ranges: readonly (DayTimeRange & { day: string })[]): Range[][] {
  return WEEKDAYS.map((day) => compileRanges(ranges.filter((range) => range.day === day)));
}

const USUAL_REASON: ClosedReason = { code: 'outside_hours', label: null };
const SEASON_REASON: ClosedReason = { code: 'season_over', label: null };

/** The parts of weekly hours beyond the weekly ranges, compiled. */
interface Exceptions {
  closures: (Span & { label: string | null })[];
  specials: (Span & { ranges: Range[] })[];
  seasons: (Span & { byWeekday: Range[][] })[];
  monthly: { index: number; week: number; weekday: number; range: Range }[];
  /** No regular ranges: it opens only in seasons or on special openings. */
  periodic: boolean;
}

/**
 * Hours ready to evaluate: `always` is open at every instant; `days` (times not stated) and
 * unknown hours evaluate as unknown; weekly hours are their day plans, made per Tokyo day
 * by the rules of hours.ts and kept for the days recently asked about.
 */
export class CompiledHours {
  private plans = new Map<number, DayPlan>();

  private constructor(
    readonly known: boolean,
    private readonly always: boolean,
    private readonly weekly: Range[][],
    private readonly holidayRule: HolidayRule,
    private readonly exceptions: Exceptions | null,
  ) {}

  static readonly ALWAYS = new CompiledHours(true, true, [], 'as_usual', null);
  static readonly UNKNOWN = new CompiledHours(false, false, [], 'as_usual', null);

  static of(hours: Hours): CompiledHours {
    if (hours.type === 'always') return CompiledHours.ALWAYS;
    if (hours.type === 'days') return CompiledHours.UNKNOWN;
    return new CompiledHours(true, false, byWeekday(hours.ranges), hours.publicHolidays, compileExceptions(hours));
  }

  /** The ranges that start on a Tokyo day, and why. */
  private plan(day: number): DayPlan {
    const exceptions = this.exceptions;
    if (exceptions === null) {
      const holiday = this.holidayRule === 'as_usual' ? undefined : HOLIDAY_NAMES.get(day);
      if (holiday === undefined) return { ranges: this.weekly[weekdayOfDay(day)], cause: Cause.Usual, label: null };
      return { ranges: this.holidayRule === 'closed' ? NO_RANGES : this.weekly[6], cause: Cause.Holiday, label: holiday };
    }
    let plan = this.plans.get(day);
    if (plan === undefined) {
      if (this.plans.size > 1000) this.plans.clear();
      this.plans.set(day, (plan = this.planWithExceptions(day, exceptions)));
    }
    return plan;
  }

  private planWithExceptions(day: number, exceptions: Exceptions): DayPlan {
    const civil = new Date(day * DAY_MS);
    const year = civil.getUTCFullYear();
    const month = civil.getUTCMonth() + 1;
    const dayOfMonth = civil.getUTCDate();
    const monthDay = month * 100 + dayOfMonth;
    const date = year * 10000 + monthDay;
    const specials = exceptions.specials.filter((special) => holds(special, monthDay, date));
    if (specials.length) return { ranges: specials.flatMap((special) => special.ranges), cause: Cause.Special, label: null };
    const closure = exceptions.closures.find((c) => holds(c, monthDay, date));
    if (closure) return { ranges: NO_RANGES, cause: Cause.Closure, label: closure.label };
    const holiday = this.holidayRule === 'as_usual' ? undefined : HOLIDAY_NAMES.get(day);
    const seasons = exceptions.seasons.filter((season) => holds(season, monthDay, date));
    const base = (weekday: number) => (seasons.length ? seasons.flatMap((season) => season.byWeekday[weekday]) : this.weekly[weekday]);
    // Out of season, a window that runs only in its periods is closed for that reason first, holiday or not.
    const offSeason = exceptions.periodic && seasons.length === 0;
    if (holiday !== undefined) return { ranges: this.holidayRule === 'closed' ? NO_RANGES : base(6), cause: offSeason ? Cause.OffSeason : Cause.Holiday, label: offSeason ? null : holiday };
    const weekday = weekdayOfDay(day);
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const week = Math.ceil(dayOfMonth / 7);
    const last = dayOfMonth + 7 > daysInMonth;
    const monthly = exceptions.monthly.filter((rule) => rule.weekday === weekday && (rule.week === week || (rule.week === -1 && last)));
    if (!monthly.length) return { ranges: base(weekday), cause: offSeason ? Cause.OffSeason : Cause.Usual, label: null };
    return { ranges: [...base(weekday), ...monthly.map((rule) => rule.range)], cause: offSeason ? Cause.OffSeason : Cause.Usual, label: null, monthly: monthly.map((rule) => rule.index) };
  }

  /** The positions in the hours' `monthly` of the rules that apply on a Tokyo day (none on a day a special opening, closure or holiday takes). */
  monthlyRulesOn(day: number): readonly number[] {
    return this.known && !this.always ? (this.plan(day).monthly ?? NO_RULES) : NO_RULES;
  }

  isOpen(ms: number): boolean {
    if (this.always) return true;
    if (!this.known) return false;
    const today = tokyoDay(ms);
    for (let day = today - 1; day <= today; day++) {
      const midnight = tokyoMidnight(day);
      for (const [start, end] of this.plan(day).ranges) {
        if (midnight + start * MINUTE_MS <= ms && ms < midnight + end * MINUTE_MS) return true;
      }
    }
    return false;
  }

  opening(ms: number): OpeningMs {
    if (this.always) return { open: true, acceptingNew: true, closesAt: null, nextOpenAt: null, reason: null };
    if (!this.known) return { open: null, acceptingNew: null, closesAt: null, nextOpenAt: null, reason: null };
    const today = tokyoDay(ms);
    let closes = -Infinity;
    let accepting = false;
    for (let day = today - 1; day <= today; day++) {
      const midnight = tokyoMidnight(day);
      for (const [start, end, intake] of this.plan(day).ranges) {
        if (midnight + start * MINUTE_MS <= ms && ms < midnight + end * MINUTE_MS) {
          closes = Math.max(closes, midnight + end * MINUTE_MS);
          if (ms < midnight + intake * MINUTE_MS) accepting = true;
        }
      }
    }
    if (closes !== -Infinity) return { open: true, acceptingNew: accepting, closesAt: this.closingAfter(closes, ms), nextOpenAt: null, reason: null };
    return { open: false, acceptingNew: false, closesAt: null, nextOpenAt: this.nextOpening(ms, today), reason: this.reasonOn(today) };
  }

  /** Where an open interval that runs at least until `closes` ends, ranges that meet or overlap it merged; null past the lookahead. */
  private closingAfter(closes: number, ms: number): number | null {
    const limit = ms + LOOKAHEAD_DAYS * DAY_MS;
    for (let extended = true; extended; ) {
      extended = false;
      const today = tokyoDay(closes);
      for (let day = today - 1; day <= today; day++) {
        const midnight = tokyoMidnight(day);
        for (const [start, end] of this.plan(day).ranges) {
          const rangeEnd = midnight + end * MINUTE_MS;
          if (midnight + start * MINUTE_MS <= closes && closes < rangeEnd) {
            closes = rangeEnd;
            extended = true;
          }
        }
      }
      if (closes > limit) return null;
    }
    return closes;
  }

  private nextOpening(ms: number, today: number): number | null {
    for (let day = today; day <= today + LOOKAHEAD_DAYS; day++) {
      const midnight = tokyoMidnight(day);
      let first = Infinity;
      for (const [start] of this.plan(day).ranges) {
        const opens = midnight + start * MINUTE_MS;
        if (opens > ms && opens < first) first = opens;
      }
      if (first !== Infinity) return first;
    }
    return null;
  }

  private reasonOn(day: number): ClosedReason {
    const { cause, label } = this.plan(day);
    if (cause === Cause.Holiday) return { code: 'public_holiday', label };
    if (cause === Cause.Closure) return { code: 'closure', label };
    return cause === Cause.OffSeason ? SEASON_REASON : USUAL_REASON;
  }

  /**
   * The intervals it is open (or, with `intake`, accepting new consultations) within
   * [from, to), ms, clipped to it and merged where they meet or overlap (across midnight
   * too), as a flat list [start, end, start, end, …]; null when the hours are not known.
   */
  intervals(from: number, to: number, intake = false): number[] | null {
    if (!this.known) return null;
    if (from >= to) return [];
    if (this.always) return [from, to];
    const pieces: [number, number][] = [];
    for (let day = tokyoDay(from) - 1, last = tokyoDay(to - 1); day <= last; day++) {
      const midnight = tokyoMidnight(day);
      for (const [start, end, intakeEnd] of this.plan(day).ranges) {
        const opens = Math.max(from, midnight + start * MINUTE_MS);
        const closes = Math.min(to, midnight + (intake ? intakeEnd : end) * MINUTE_MS);
        if (opens < closes) pieces.push([opens, closes]);
      }
    }
    pieces.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [opens, closes] of pieces) {
      const n = merged.length;
      if (n && opens <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], closes);
      else merged.push(opens, closes);
    }
    return merged;
  }
}

function compileExceptions(hours: WeeklyHours): Exceptions | null {
  const { closures = [], specialOpenings = [], seasons = [], monthly = [] } = hours;
  if (!closures.length && !specialOpenings.length && !seasons.length && !monthly.length) return null;
  return {
    closures: closures.map((closure) => ({ ...compileSpan(closure), label: closure.label ?? null })),
    specials: specialOpenings.map((special) => ({ ...compileSpan(special), ranges: compileRanges(special.ranges) })),
    seasons: seasons.map((season) => ({ ...compileSpan(season), byWeekday: byWeekday(season.ranges) })),
    monthly: monthly.map((rule, index) => ({ index, week: rule.week, weekday: WEEKDAYS.indexOf(rule.day), range: rangeMinutes(rule) })),
    periodic: hours.ranges.length === 0 && (seasons.length > 0 || specialOpenings.length > 0),
  };
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
  if (!hours) return null;
  const compiled = compileHours(hours);
  return compiled.known ? compiled.isOpen(at.getTime()) : null;
}

const UNKNOWN: Opening = { open: null, acceptingNew: null, closesAt: null, nextOpenAt: null, reason: null };

export function openingAt(hours: Hours | null, at: Date): Opening {
  if (!hours) return UNKNOWN;
  const { open, acceptingNew, closesAt, nextOpenAt, reason } = compileHours(hours).opening(at.getTime());
  return { open, acceptingNew, closesAt: closesAt === null ? null : new Date(closesAt), nextOpenAt: nextOpenAt === null ? null : new Date(nextOpenAt), reason };
}

/** The intervals it is open within [from, to), merged, as Dates; null when not known. */
export function openIntervals(hours: Hours | null, from: Date, to: Date, intake = false): { from: Date; to: Date }[] | null {
  if (!hours) return null;
  const flat = compileHours(hours).intervals(from.getTime(), to.getTime(), intake);
  if (flat === null) return null;
  const out: { from: Date; to: Date }[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ from: new Date(flat[i]), to: new Date(flat[i + 1]) });
  return out;
}
