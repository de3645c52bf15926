import { dateKey, hoursProblems, rangeMinutes, WEEKDAYS } from './hours';
import type { Closure, DayTimeRange, HolidayRule, Hours, MonthlyRange, MonthWeek, TimeRange, Weekday } from './hours';

/**
 * Hours as an OpenStreetMap `opening_hours` string and back, for the part of hours.ts that
 * means the same in both (docs/hours-interchange.md has the table). The canonical model
 * stays hours.ts: these strings are an interchange form, never stored.
 *
 * What is written, in this order, so that OSM's "a later normal rule replaces the whole
 * day" gives hours.ts' precedence (closures, then public holidays, over weekly and monthly):
 *   weekday rules (`Mo-Fr 09:00-17:00`), monthly rules as additional rules (`, Sa[-1] 12:00-45:00`:
 *   monthly ranges add to the weekday's), the PH rule (`PH off`, or `PH <Sunday's times>`),
 *   closures (`Dec 29-Jan 03 off "年末年始"`, `2027 May 03-2027 May 05 off`), last first so
 *   that the first closure's label is the reason where two overlap.
 * One difference cannot be written away: in OSM a normal rule for a day also ends the
 * previous day's range that ran past midnight into it, while in hours.ts a range belongs to
 * the day it starts on. A weekday rule after such a range is written as an additional rule
 * (`, `) instead; PH and closure rules cannot be, so hours with a range past midnight and a
 * PH or closure rule are refused.
 */
const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export type OpeningHoursExport = { value: string } | { unmappable: string[] };
export type OpeningHoursImport = { hours: Hours } | { problems: string[] };

/** The OSM opening_hours string of hours, or every part of them that has no one-to-one form, by path. */
export function toOpeningHours(hours: Hours): OpeningHoursExport {
  const unmappable: string[] = [];
  if (hours.notes !== undefined) unmappable.push('notes: free text has no one-to-one form (an OSM comment belongs to a rule)');
  if (hours.type === 'days') return { unmappable: [...unmappable, 'type "days": weekdays without times have no opening_hours form'] };
  if (hours.type === 'always') return unmappable.length ? { unmappable } : { value: '24/7' };
  if (hours.seasons?.length) unmappable.push('seasons: seasonal weekly hours are not in the one-to-one subset');
  if (hours.specialOpenings?.length) unmappable.push('specialOpenings: dated openings are not in the one-to-one subset');
  hours.ranges.forEach((range, i) => {
    if (range.lastIntake !== undefined) unmappable.push(`ranges[${i}].lastIntake: opening_hours has no last intake (最終受付)`);
  });
  const monthly = hours.monthly ?? [];
  monthly.forEach((rule, i) => {
    if (rule.lastIntake !== undefined) unmappable.push(`monthly[${i}].lastIntake: opening_hours has no last intake (最終受付)`);
    if (rule.label !== undefined) unmappable.push(`monthly[${i}].label: a monthly rule's label has no one-to-one form`);
  });
  const closures = hours.closures ?? [];
  closures.forEach((closure, i) => {
    if (closure.yearly === true && [closure.from, closure.to].includes('02-29')) unmappable.push(`closures[${i}]: ${LEAP_DAY}`);
    if (closure.label !== undefined && !commentable(closure.label)) unmappable.push(`closures[${i}].label: a label with a double quote cannot be an OSM comment`);
  });
  const sundayRanges = hours.ranges.filter((range) => range.day === 'sun');
  const holidayRule = hours.publicHolidays === 'as_sunday' && sundayRanges.length === 0 ? 'closed' : hours.publicHolidays;
  const spilling = [...hours.ranges.map((range, i) => ({ range, path: `ranges[${i}]` })), ...monthly.map((range, i) => ({ range, path: `monthly[${i}]` }))].filter(
    ({ range }) => runsPastMidnight(range),
  );
  if (spilling.length && holidayRule !== 'as_usual') {
    unmappable.push(`publicHolidays: OSM's PH rule would also end ${spilling[0].path} (${spilling[0].range.start}-${spilling[0].range.end}) at midnight before a holiday; here it runs on`);
  }
  if (spilling.length && closures.length) {
    unmappable.push(`closures: OSM's date rules would also end ${spilling[0].path} (${spilling[0].range.start}-${spilling[0].range.end}) at midnight before a closed day; here it runs on`);
  }
  if (unmappable.length) return { unmappable };

  const rules: { text: string; additional: boolean }[] = [];
  const written: TimeRange[] = [];
  for (const group of weekdayGroups(hours.ranges)) {
    // A normal rule would end the previous day's range that runs past midnight into one of these days.
    const cuts = written.some((range) => runsPastMidnight(range) && group.days.includes(nextDay(range.day)));
    rules.push({ text: `${daySelector(group.days)} ${timesText(group.ranges)}`, additional: cuts });
    written.push(...group.days.flatMap((day) => group.ranges.map((range) => ({ ...range, day }))));
  }
  for (const rule of monthly) rules.push({ text: `${OSM_DAYS[WEEKDAYS.indexOf(rule.day)]}[${rule.week}] ${timeText(rule)}`, additional: true });
  if (holidayRule === 'closed') rules.push({ text: 'PH off', additional: false });
  if (holidayRule === 'as_sunday') rules.push({ text: `PH ${timesText(sortedRanges(sundayRanges))}`, additional: false });
  for (const closure of [...closures].reverse()) rules.push({ text: closureText(closure), additional: false });
  return { value: rules.map((rule, i) => (i === 0 ? rule.text : `${rule.additional ? ', ' : '; '}${rule.text}`)).join('') };
}

function commentable(label: string): boolean {
  return !label.includes('"');
}

function runsPastMidnight(range: DayTimeRange): boolean {
  return rangeMinutes(range)[1] > MINUTES_PER_DAY;
}

function nextDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 1) % 7];
}

function sortedRanges<T extends DayTimeRange>(ranges: T[]): T[] {
  return [...ranges].sort((a, b) => a.start.localeCompare(b.start));
}

/** Weekdays with the same ranges, in the order of their first day. */
function weekdayGroups(ranges: TimeRange[]): { days: Weekday[]; ranges: DayTimeRange[] }[] {
  const groups = new Map<string, { days: Weekday[]; ranges: DayTimeRange[] }>();
  for (const day of WEEKDAYS) {
    const own = sortedRanges(ranges.filter((range) => range.day === day)).map(({ start, end }) => ({ start, end }));
    if (own.length === 0) continue;
    const key = timesText(own);
    const group = groups.get(key);
    if (group) group.days.push(day);
    else groups.set(key, { days: [day], ranges: own });
  }
  return [...groups.values()];
}

/** Mo-Fr, Mo,We,Fr or Mo-We,Sa: runs of three or more days as spans. */
function daySelector(days: Weekday[]): string {
  const indexes = days.map((day) => WEEKDAYS.indexOf(day));
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    if (j - i >= 2) parts.push(`${OSM_DAYS[indexes[i]]}-${OSM_DAYS[indexes[j]]}`);
    else for (let k = i; k <= j; k++) parts.push(OSM_DAYS[indexes[k]]);
    i = j + 1;
  }
  return parts.join(',');
}

function timeText(range: DayTimeRange): string {
  return `${range.start}-${range.end}`;
}

function timesText(ranges: DayTimeRange[]): string {
  return ranges.map(timeText).join(',');
}

function closureText(closure: Closure): string {
  const from = dateText(closure.from, closure.yearly === true);
  const to = closure.to !== undefined && closure.to !== closure.from ? `-${dateText(closure.to, closure.yearly === true)}` : '';
  return `${from}${to} off${closure.label !== undefined ? ` "${closure.label}"` : ''}`;
}

/** 12-29 (yearly) as Dec 29, 2027-05-03 as 2027 May 03. */
function dateText(date: string, yearly: boolean): string {
  const [year, month, day] = yearly ? [null, ...date.split('-')] : date.split('-');
  return `${year === null ? '' : `${year} `}${MONTHS[Number(month) - 1]} ${day}`;
}

// ---------------------------------------------------------------------------------------

const DAY = '(?:Mo|Tu|We|Th|Fr|Sa|Su)';
const TIME = '\\d\\d:\\d\\d';
const TIMES = `${TIME}-${TIME}(?:,${TIME}-${TIME})*`;
const WEEKDAY_RULE = new RegExp(`^(${DAY}(?:-${DAY})?(?:,${DAY}(?:-${DAY})?)*) (${TIMES}|off|closed)$`);
const MONTHLY_RULE = new RegExp(`^(${DAY})\\[(-1|[1-5])\\] (${TIMES})$`);
const PH_RULE = new RegExp(`^PH (${TIMES}|off|closed)$`);
const MONTH = `(?:${MONTHS.join('|')})`;
const DATE = `(?:(\\d{4}) )?(${MONTH}) (\\d\\d)`;
const DATE_SPAN = new RegExp(`^${DATE}(?:-(?:(?:(\\d{4}) )?(${MONTH}) )?(\\d\\d))?$`);
const CLOSURE_RULE = new RegExp(`^(.+?) (?:off|closed)(?: "([^"]*)")?$`);

// opening_hours.js reads a yearly Feb 29 as Mar 01 in common years; hours.ts has no such day then.
const LEAP_DAY = 'a yearly 02-29 has no one-to-one form (in common years OSM evaluators take it for Mar 01)';
const RULE_KINDS = ['weekday', 'monthly', 'PH', 'date'] as const;

interface Rule {
  text: string;
  additional: boolean;
}

/**
 * Hours from an OSM opening_hours string in the one-to-one subset (the rule order above:
 * weekday rules, monthly rules, one PH rule, date closures), or every problem, each naming
 * the rule or token outside it. The hours pass hoursProblems.
 */
export function fromOpeningHours(text: string): OpeningHoursImport {
  const value = text.trim().replace(/\s+/g, ' ');
  if (value === '') return { problems: ['is empty'] };
  if (value === '24/7') return { hours: { type: 'always' } };
  if (value.includes('||')) return { problems: ['the fallback rule "||" has no one-to-one form'] };
  const quotes = (value.match(/"/g) ?? []).length;
  if (quotes % 2 !== 0) return { problems: ['a comment is not closed by a double quote'] };
  const rules = splitRules(value);
  if (rules.some((rule) => rule.text === '')) return { problems: ['has an empty rule (two separators in a row, or one at the end)'] };

  const problems: string[] = [];
  const days: DayTimeRange[][] = WEEKDAYS.map(() => []);
  const monthly: MonthlyRange[] = [];
  const closures: Closure[] = [];
  let publicHolidays: HolidayRule = 'as_usual';
  let holidayTimes: DayTimeRange[] | null = null;
  // The kinds of rule in the order they must come, so that each later kind overrides the earlier ones as hours.ts says.
  let stage = 0;
  let holidaySeen = false;
  const spilling = () => [...days.flatMap((ranges) => ranges), ...monthly].find(runsPastMidnight);
  const at = (rule: Rule, i: number) => `rule ${i + 1} "${rule.text}"`;
  const order = (rule: Rule, i: number, kind: number) => {
    if (stage > kind) problems.push(`${at(rule, i)}: a ${RULE_KINDS[kind]} rule after a ${RULE_KINDS[stage]} rule has no one-to-one form (write weekday, monthly, PH and date rules in that order)`);
    stage = Math.max(stage, kind);
  };

  rules.forEach((rule, i) => {
    if (rule.text === '24/7') return problems.push(`${at(rule, i)}: 24/7 has a one-to-one form only on its own`);
    const weekday = WEEKDAY_RULE.exec(rule.text);
    if (weekday) {
      order(rule, i, 0);
      const selected = selectedDays(weekday[1]);
      const ranges = weekday[2] === 'off' || weekday[2] === 'closed' ? [] : timeRanges(weekday[2], `${at(rule, i)}`, problems);
      for (const day of selected) {
        if (rule.additional) {
          if (ranges.length === 0) problems.push(`${at(rule, i)}: an additional rule that closes has no one-to-one form`);
          days[day].push(...ranges);
          continue;
        }
        const before = days[(day + 6) % 7].find(runsPastMidnight);
        if (before && !selected.includes((day + 6) % 7)) {
          problems.push(`${at(rule, i)}: a normal rule ends ${WEEKDAYS[(day + 6) % 7]} ${timeText(before)} at midnight, which hours keep open; write it as an additional rule (", ")`);
        }
        days[day] = [...ranges];
      }
      return;
    }
    const month = MONTHLY_RULE.exec(rule.text);
    if (month) {
      order(rule, i, 1);
      const day = OSM_DAYS.indexOf(month[1] as (typeof OSM_DAYS)[number]);
      const touched = days[day].length > 0 || days[(day + 6) % 7].some(runsPastMidnight) || monthly.some((m) => m.day === WEEKDAYS[day]);
      if (!rule.additional && touched) problems.push(`${at(rule, i)}: a normal rule would replace the day's other hours; monthly hours add to them, so write it as an additional rule (", ")`);
      for (const range of timeRanges(month[3], at(rule, i), problems)) monthly.push({ week: Number(month[2]) as MonthWeek, day: WEEKDAYS[day], ...range });
      return;
    }
    const holiday = PH_RULE.exec(rule.text);
    if (holiday) {
      order(rule, i, 2);
      if (holidaySeen) return problems.push(`${at(rule, i)}: only one PH rule has a one-to-one form`);
      holidaySeen = true;
      if (rule.additional) return problems.push(`${at(rule, i)}: a PH rule must be a normal rule ("; ")`);
      const spill = spilling();
      if (spill) problems.push(`${at(rule, i)}: it would end ${timeText(spill)} at midnight before a holiday, which hours keep open past midnight`);
      if (holiday[1] === 'off' || holiday[1] === 'closed') publicHolidays = 'closed';
      else holidayTimes = timeRanges(holiday[1], at(rule, i), problems);
      return;
    }
    const closure = CLOSURE_RULE.exec(rule.text);
    if (closure && closure[1].split(',').every((span) => DATE_SPAN.test(span))) {
      order(rule, i, 3);
      if (rule.additional) return problems.push(`${at(rule, i)}: a date rule must be a normal rule ("; ")`);
      const spill = spilling();
      if (spill && closures.length === 0) problems.push(`${at(rule, i)}: it would end ${timeText(spill)} at midnight before a closed day, which hours keep open past midnight`);
      for (const span of closure[1].split(',')) {
        const parsed = closureSpan(span, closure[2]);
        if (typeof parsed === 'string') problems.push(`${at(rule, i)}: ${parsed}`);
        else closures.unshift(parsed);
      }
      return;
    }
    problems.push(`${at(rule, i)}: ${unsupportedReason(rule.text)}`);
  });
  if (problems.length) return { problems };

  if (holidayTimes !== null) {
    const sunday = timesText(sortedRanges(days[6]));
    if (timesText(sortedRanges(holidayTimes)) !== sunday) {
      return { problems: [`the PH rule's times ${timesText(holidayTimes)} are not Sunday's (${sunday || 'none'}): hours can only say holidays are like Sundays`] };
    }
    publicHolidays = 'as_sunday';
  }
  const hours: Hours = {
    type: 'weekly',
    ranges: WEEKDAYS.flatMap((day, i) => sortedRanges(days[i]).map((range) => ({ day, ...range }))),
    publicHolidays,
    ...(closures.length ? { closures } : {}),
    ...(monthly.length ? { monthly } : {}),
  };
  const invalid = hoursProblems(hours);
  return invalid.length ? { problems: invalid.map((problem) => `gives hours that are not valid: ${problem}`) } : { hours };
}

/** Rules split at `;` and at the `,` that starts an additional rule (after times, off or a comment); commas in lists stay. */
function splitRules(value: string): Rule[] {
  const rules: Rule[] = [];
  let current = '';
  let additional = false;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '"') quoted = !quoted;
    const endsRule = !quoted && (char === ';' || (char === ',' && /(\d\d:\d\d|\boff|\bclosed|")\s*$/.test(current) && !/^\s*\d\d:\d\d/.test(value.slice(i + 1))));
    if (!endsRule) {
      current += char;
      continue;
    }
    rules.push({ text: current.trim(), additional });
    additional = char === ',';
    current = '';
  }
  rules.push({ text: current.trim(), additional });
  return rules;
}

function selectedDays(selector: string): number[] {
  const days = new Set<number>();
  for (const part of selector.split(',')) {
    const [from, to] = part.split('-').map((day) => OSM_DAYS.indexOf(day as (typeof OSM_DAYS)[number]));
    // Fr-Mo wraps over the weekend, as in OSM.
    for (let day = from, n = 0; n < 7; day = (day + 1) % 7, n++) {
      days.add(day);
      if (to === undefined || day === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

function timeRanges(text: string, where: string, problems: string[]): DayTimeRange[] {
  return text.split(',').map((part) => {
    const [start, end] = part.split('-');
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start)) problems.push(`${where}: ${start} is not a start time 00:00-23:59`);
    if (!/^([0-3]\d|4[0-7]):[0-5]\d$|^48:00$/.test(end)) problems.push(`${where}: ${end} is not an end time 00:00-48:00`);
    return { start, end };
  });
}

/** One date span of a closure rule: Dec 29, Dec 29-Jan 03, 2027 May 03, 2027 May 03-2027 May 05 (or -05, -Jun 05). */
function closureSpan(text: string, label: string | undefined): Closure | string {
  const [, fromYear, fromMonth, fromDay, toYearText, toMonthText, toDay] = DATE_SPAN.exec(text)!;
  const toYear = toYearText ?? (toMonthText === undefined ? fromYear : undefined);
  const toMonth = toMonthText ?? fromMonth;
  if (toDay !== undefined && (fromYear === undefined) !== (toYear === undefined)) {
    return `"${text}" mixes a dated day and a yearly one`;
  }
  const yearly = fromYear === undefined;
  if (yearly && (fromMonth === 'Feb' && fromDay === '29' || toMonth === 'Feb' && toDay === '29')) return LEAP_DAY;
  const date = (year: string | undefined, month: string, day: string) =>
    `${year === undefined ? '' : `${year}-`}${String(MONTHS.indexOf(month as (typeof MONTHS)[number]) + 1).padStart(2, '0')}-${day}`;
  const from = date(fromYear, fromMonth, fromDay);
  const to = toDay === undefined ? undefined : date(toYear, toMonth, toDay);
  for (const day of [from, to]) if (day !== undefined && dateKey(day, yearly) === null) return `${day} is not a date`;
  return {
    from,
    ...(to !== undefined && to !== from ? { to } : {}),
    ...(yearly ? { yearly: true } : {}),
    ...(label !== undefined ? { label } : {}),
  };
}

/** Why a rule is outside the subset, for the tokens people write most. */
function unsupportedReason(rule: string): string {
  const known: [RegExp, string][] = [
    [/\bSH\b/, 'school holidays (SH) have no one-to-one form'],
    [/\bweek\b/, 'week numbers have no one-to-one form'],
    [/\b(sunrise|sunset|dawn|dusk)\b/, 'times by the sun have no one-to-one form'],
    [/\+/, 'open ends ("+") have no one-to-one form'],
    [/\b(open|unknown)\b/, `the modifier "${/\b(open|unknown)\b/.exec(rule)?.[1]}" has no one-to-one form`],
    [/"/, 'a comment has a one-to-one form only on a date closure ("Dec 29-Jan 03 off \\"年末年始\\"")'],
    [/\/\d/, 'repeating times ("/") have no one-to-one form'],
    [/\b(PH|Su|Mo|Tu|We|Th|Fr|Sa)\s*[+-]\s*\d+\s*day/, 'day offsets have no one-to-one form'],
    [new RegExp(`${MONTH}.*\\d\\d:\\d\\d`), 'a date with times (a special opening or a season) has no one-to-one form'],
    [new RegExp(`^${MONTH}(-${MONTH})?\\b`), 'month ranges (seasons) have no one-to-one form'],
  ];
  const match = known.find(([pattern]) => pattern.test(rule));
  return match ? match[1] : 'is not in the one-to-one subset (weekday times like "Mo-Fr 09:00-17:00", "Sa[-1] 12:00-15:00", "PH off", "Dec 29-Jan 03 off")';
}
