import { isInstant } from '../common/time';
import { render, Rendered } from '../i18n/messages';

/**
 * Dates and times as Japanese offices write them in a spreadsheet, read as instants.
 *
 * Accepted (after NFKC, so full-width digits and ㋿ are fine; spaces between date and time
 * may be any number of spaces, or a T):
 * - ISO 8601 with Z or an offset, as the JSON API takes it: 2021-03-26T09:00:00+09:00;
 * - the Gregorian calendar: 2021/3/26, 2021-03-26, 2021.3.26, 2021年3月26日 (optionally with
 *   the day of the week, 2021年3月26日(金), which must then be right);
 * - 和暦 (the 平成 and 令和 eras; earlier eras are before 1990): 令和3年3月26日, 令和元年5月1日,
 *   and the abbreviations R3.3.26, R3/3/26, H31.4.30;
 * - any of those followed by a time: 9:00, 09:00:00, 9時, 9時30分, 9時30分15秒;
 * - an Excel date serial (44281.375: what a date cell holds, and what Excel writes for it
 *   when the cell is formatted as a number).
 *
 * Without an offset, the date and time are Japan's (Asia/Tokyo, UTC+9 all year: Japan has
 * no summer time). A date without a time is the start of that day. Validated strictly: a day
 * the calendar does not have (令和3年2月30日), a 令和 date before 2019-05-01, a 平成 date
 * after 2019-04-30 (平成32年 is refused with the 令和 date to write instead: some offices
 * write it, but a file must say one date only once) and an instant outside the JSON API's
 * 1990–2100 (common/time, in UTC) are errors.
 */
export type DateReading = { instant: string; dateOnly: boolean } | { problem: Rendered };

const TOKYO_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
/** Excel's serial 25569 is 1970-01-01 (the 1900 date system, what Excel for Windows uses). */
const EXCEL_EPOCH_SERIAL = 25_569;

interface Era {
  name: string;
  letter: string;
  /** Gregorian year of the era's first year (元年). */
  base: number;
  start: CalendarDay;
  end: CalendarDay | null;
}

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const HEISEI: Era = { name: '平成', letter: 'H', base: 1989, start: { year: 1989, month: 1, day: 8 }, end: { year: 2019, month: 4, day: 30 } };
const REIWA: Era = { name: '令和', letter: 'R', base: 2019, start: { year: 2019, month: 5, day: 1 }, end: null };
export const ERAS: readonly Era[] = [HEISEI, REIWA];

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A time after the date; after 日 it may follow without a space (2021年3月26日9時). */
const time = (separator: string) => String.raw`(?:${separator}(?:(\d{1,2}):(\d{2})(?::(\d{2}))?|(\d{1,2})時(?:(\d{1,2})分(?:(\d{1,2})秒)?)?))?`;
const TIME = time(String.raw`(?:\s+|T)`);
const TIME_AFTER_KANJI = time(String.raw`\s*`);
const WEEKDAY = String.raw`(?:\s*\(([日月火水木金土])(?:曜日?)?\))?`;
const GREGORIAN_NUMERIC = new RegExp(String.raw`^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})${WEEKDAY}${TIME}$`);
const GREGORIAN_KANJI = new RegExp(String.raw`^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日${WEEKDAY}${TIME_AFTER_KANJI}$`);
const ERA_KANJI = new RegExp(String.raw`^(令和|平成)\s*(元|\d{1,2})年\s*(\d{1,2})月\s*(\d{1,2})日${WEEKDAY}${TIME_AFTER_KANJI}$`);
const ERA_LETTER = new RegExp(String.raw`^([RrHh])\.?(\d{1,2})([/.])(\d{1,2})\3(\d{1,2})${WEEKDAY}${TIME}$`);
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/i;
const SERIAL = /^\d{5}(\.\d+)?$/;

/** Reads a cell (trimmed, not empty) as an instant, or says why it is not one. */
export function readTokyoInstant(raw: string): DateReading {
  const value = raw.normalize('NFKC').trim();
  if (WITH_OFFSET.test(value)) {
    return isInstant(value) ? { instant: value, dateOnly: false } : { problem: render('import.date.notInstant') };
  }
  if (SERIAL.test(value)) return fromSerial(Number(value));
  let match = GREGORIAN_NUMERIC.exec(value);
  if (match) return fromParts(value, null, Number(match[1]), match[3], match[4], match.slice(5));
  match = GREGORIAN_KANJI.exec(value);
  if (match) return fromParts(value, null, Number(match[1]), match[2], match[3], match.slice(4));
  match = ERA_KANJI.exec(value);
  if (match) {
    const era = match[1] === '令和' ? REIWA : HEISEI;
    return fromParts(value, era, match[2] === '元' ? 1 : Number(match[2]), match[3], match[4], match.slice(5));
  }
  match = ERA_LETTER.exec(value);
  if (match) {
    const era = match[1].toUpperCase() === 'R' ? REIWA : HEISEI;
    return fromParts(value, era, Number(match[2]), match[4], match[5], match.slice(6));
  }
  return { problem: render('import.date.format', { value: raw }) };
}

/** The instant as ISO 8601 in Japan's time (2021-03-26T09:00:00+09:00). */
export function tokyoIsoOf(epochMs: number): string {
  const wall = new Date(epochMs + TOKYO_OFFSET_MS).toISOString();
  return `${wall.slice(0, 19)}+09:00`;
}

/** The instant one day later (the end of a date-only day), in the same form. */
export function nextDay(instant: string): string {
  return tokyoIsoOf(Date.parse(instant) + DAY_MS);
}

function fromSerial(serial: number): DateReading {
  // Whole seconds: a serial's fraction of a day rarely lands exactly on one (9:01 is 0.37569444…).
  const wallMs = Math.round(((serial - EXCEL_EPOCH_SERIAL) * DAY_MS) / 1000) * 1000;
  const instant = tokyoIsoOf(wallMs - TOKYO_OFFSET_MS);
  return inRange(instant) ? { instant, dateOnly: Number.isInteger(serial) } : { problem: render('import.date.outOfRange') };
}

/** The JSON API's range (common/time): from 1990 to 2100, as instants. */
function inRange(instant: string): boolean {
  return isInstant(instant);
}

/**
 * `time` holds the regular expressions' groups after the date: the day of the week, then
 * h:mm[:ss], then h時[m分[s秒]].
 */
function fromParts(written: string, era: Era | null, eraOrGregorianYear: number, monthText: string, dayText: string, time: (string | undefined)[]): DateReading {
  const [weekday, colonHour, colonMinute, colonSecond, kanjiHour, kanjiMinute, kanjiSecond] = time;
  if (era && eraOrGregorianYear < 1) return { problem: render('import.date.format', { value: written }) };
  const year = era ? era.base + eraOrGregorianYear - 1 : eraOrGregorianYear;
  const month = Number(monthText);
  const day = Number(dayText);
  const shownDate = era ? `${era.name}${eraOrGregorianYear === 1 ? '元' : eraOrGregorianYear}年${month}月${day}日` : `${year}年${month}月${day}日`;
  if (!isCalendarDay(year, month, day)) return { problem: render('import.date.noSuchDay', { written: shownDate }) };

  const hour = Number(colonHour ?? kanjiHour ?? 0);
  const minute = Number(colonMinute ?? kanjiMinute ?? 0);
  const second = Number(colonSecond ?? kanjiSecond ?? 0);
  if (hour > 23 || minute > 59 || second > 59) {
    const shownTime = colonHour !== undefined ? `${colonHour}:${colonMinute}${colonSecond !== undefined ? `:${colonSecond}` : ''}` : `${kanjiHour}時${kanjiMinute !== undefined ? `${kanjiMinute}分` : ''}${kanjiSecond !== undefined ? `${kanjiSecond}秒` : ''}`;
    return { problem: render('import.date.noSuchTime', { written: shownTime }) };
  }

  const dayOfWeek = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday !== undefined && WEEKDAYS_JA.indexOf(weekday) !== dayOfWeek) {
    const writtenDay = WEEKDAYS_JA.indexOf(weekday);
    return {
      problem: render('import.date.weekdayMismatch', { written: shownDate, weekday: WEEKDAYS_EN[dayOfWeek], weekdayJa: WEEKDAYS_JA[dayOfWeek], writtenWeekday: WEEKDAYS_EN[writtenDay], writtenWeekdayJa: weekday }),
    };
  }
  const instant = tokyoIsoOf(Date.UTC(year, month - 1, day, hour, minute, second) - TOKYO_OFFSET_MS);
  if (!inRange(instant)) return { problem: render('import.date.outOfRange') };
  if (era) {
    const problem = eraProblem(era, { year, month, day }, shownDate);
    if (problem) return { problem };
  }
  return { instant, dateOnly: colonHour === undefined && kanjiHour === undefined };
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

const dayNumber = (d: CalendarDay) => d.year * 10_000 + d.month * 100 + d.day;

function eraProblem(era: Era, date: CalendarDay, written: string): Rendered | null {
  if (dayNumber(date) < dayNumber(era.start)) {
    return render('import.date.beforeEra', { written, era: era.name, start: isoDay(era.start), startJa: japaneseDay(era.start), suggestion: wareki(date) });
  }
  if (era.end && dayNumber(date) > dayNumber(era.end)) {
    return render('import.date.afterEra', { written, era: era.name, end: isoDay(era.end), endJa: japaneseDay(era.end), suggestion: wareki(date) });
  }
  return null;
}

/** The date in the era it falls in (平成32年1月1日 → 令和2年1月1日), or in the Gregorian calendar before 平成. */
export function wareki(date: CalendarDay): string {
  const era = [...ERAS].reverse().find((e) => dayNumber(date) >= dayNumber(e.start));
  if (!era) return `${date.year}年${date.month}月${date.day}日`;
  const year = date.year - era.base + 1;
  return `${era.name}${year === 1 ? '元' : year}年${date.month}月${date.day}日`;
}

const isoDay = (d: CalendarDay) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const japaneseDay = (d: CalendarDay) => `${wareki(d)}（${d.year}年${d.month}月${d.day}日）`;
