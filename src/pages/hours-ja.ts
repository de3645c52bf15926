import { minutesOf, WEEKDAYS } from '../hours/hours';
import type { DateSpan, DayTimeRange, Hours, MonthlyRange, TimeRange, Weekday, WeeklyHours } from '../hours/hours';

/**
 * Hours (src/hours/hours.ts, the one definition of what they mean) written in plain
 * Japanese, as an office's notice would: 「平日 9:00〜17:00（祝日は休み）」. Each line is a
 * sentence of its own; the first says the usual week, the others what changes it. Only
 * words: whether something is open at a time is availability's answer, never decided here.
 */
export function hoursJa(hours: Hours | null): string[] {
  if (!hours) return ['受付時間は未確認です'];
  if (hours.type === 'always') return ['24時間・年中無休'];
  if (hours.type === 'days') return [`${daySetJa(hours.days)}（時間は未確認）`];
  return weeklyJa(hours);
}

const DAY_JA: Record<Weekday, string> = { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日' };

function weeklyJa(hours: WeeklyHours): string[] {
  const lines: string[] = [];
  const week = weekJa(hours.ranges);
  const holiday = holidayJa(hours);
  if (week) lines.push(holiday ? `${week}（${holiday}）` : week);
  for (const rule of hours.monthly ?? []) lines.push(monthlyJa(rule));
  for (const season of hours.seasons ?? []) lines.push(`${spanJa(season)}は ${weekJa(season.ranges) || '休み'}`);
  for (const special of hours.specialOpenings ?? []) lines.push(`${spanJa(special)}は ${special.ranges.map(rangeJa).join('、')}`);
  if (!week && (hours.seasons?.length || hours.specialOpenings?.length) && !hours.monthly?.length) lines.push('上記の期間のほかは休み');
  for (const closure of hours.closures ?? []) lines.push(`${spanJa(closure)}は休み`);
  return lines;
}

/** What a public holiday does, when the week has ranges for it to change. */
function holidayJa(hours: WeeklyHours): string | null {
  if (hours.ranges.length === 0) return null;
  if (hours.publicHolidays === 'closed') return '祝日は休み';
  if (hours.publicHolidays === 'as_usual') return '祝日も受付';
  const sunday = hours.ranges.some((range) => range.day === 'sun');
  return sunday ? '祝日は日曜と同じ' : '祝日は休み';
}

/** Weekdays grouped by identical ranges: 「平日 9:00〜17:00／土曜 9:00〜12:00」. */
function weekJa(ranges: TimeRange[]): string {
  const byDay = new Map<Weekday, string>();
  for (const day of WEEKDAYS) {
    const text = ranges
      .filter((range) => range.day === day)
      .sort((a, b) => minutesOf(a.start)! - minutesOf(b.start)!)
      .map(rangeJa)
      .join('、');
    if (text) byDay.set(day, text);
  }
  const groups = new Map<string, Weekday[]>();
  for (const [day, text] of byDay) groups.set(text, [...(groups.get(text) ?? []), day]);
  return [...groups].map(([text, days]) => `${daySetJa(days)} ${text}`).join('／');
}

/** 毎日, 平日, 土日, 月〜木, 月・水・金, 土曜. */
export function daySetJa(days: readonly Weekday[]): string {
  const set = new Set(days);
  const sorted = WEEKDAYS.filter((day) => set.has(day));
  if (sorted.length === 7) return '毎日';
  if (sorted.length === 5 && !set.has('sat') && !set.has('sun')) return '平日';
  if (sorted.length === 2 && set.has('sat') && set.has('sun')) return '土日';
  if (sorted.length === 1) return `${DAY_JA[sorted[0]]}曜`;
  const runs: Weekday[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && WEEKDAYS.indexOf(day) === WEEKDAYS.indexOf(run.at(-1)!) + 1) run.push(day);
    else runs.push([day]);
  }
  return runs.map((run) => (run.length >= 3 ? `${DAY_JA[run[0]]}〜${DAY_JA[run.at(-1)!]}` : run.map((day) => DAY_JA[day]).join('・'))).join('・');
}

/** 9:00〜17:00, 22:00〜翌2:00, 12:00〜翌21:00, with （最終受付16:30）. */
export function rangeJa(range: DayTimeRange): string {
  const start = minutesOf(range.start)!;
  const text = `${clockJa(start)}〜${laterJa(start, minutesOf(range.end)!)}`;
  return range.lastIntake === undefined ? text : `${text}（最終受付${laterJa(start, minutesOf(range.lastIntake)!)}）`;
}

/** A time after `start` on its day: the next day's when it is not after the start, or past 24:00. */
function laterJa(start: number, minutes: number): string {
  if (minutes === 24 * 60) return '24:00';
  if (minutes <= start) return `翌${clockJa(minutes)}`;
  return minutes > 24 * 60 ? `翌${clockJa(minutes - 24 * 60)}` : clockJa(minutes);
}

const clockJa = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

/** 毎月第2土曜 9:00〜12:00, 毎月最終金曜 …, with its label. */
function monthlyJa(rule: MonthlyRange): string {
  const week = rule.week === -1 ? '最終' : `第${rule.week}`;
  const label = rule.label ? `（${rule.label}）` : '';
  return `毎月${week}${DAY_JA[rule.day]}曜 ${rangeJa(rule)}${label}`;
}

/** 年末年始（12月29日〜1月3日）, 2026年5月3日, 7月1日〜8月31日. */
function spanJa(span: DateSpan): string {
  const dates = span.to && span.to !== span.from ? `${dayJa(span.from)}〜${dayJa(span.to)}` : dayJa(span.from);
  return span.label ? `${span.label}（${dates}）` : dates;
}

/** MM-DD (yearly) as 12月29日, YYYY-MM-DD as 2026年12月29日. */
function dayJa(date: string): string {
  const parts = date.split('-').map(Number);
  const [year, month, day] = parts.length === 3 ? parts : [null, ...parts];
  return `${year === null ? '' : `${year}年`}${month}月${day}日`;
}
