import type { Hours, TimeRange, Weekday } from '../hours/hours';
import { hoursProblems } from '../hours/hours';
import { daySetJa, hoursJa, rangeJa } from './hours-ja';

const days = (list: Weekday[], start: string, end: string, extra: Partial<TimeRange> = {}): TimeRange[] => list.map((day) => ({ day, start, end, ...extra }));
const WEEKDAYS_MF: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Every case is valid hours first: the formatter is held to the definition's own shapes. */
function ja(hours: Hours): string[] {
  expect(hoursProblems(hours)).toEqual([]);
  return hoursJa(hours);
}

describe('hoursJa', () => {
  it('says weekdays with the holiday rule in one line', () => {
    expect(ja({ type: 'weekly', publicHolidays: 'closed', ranges: days(WEEKDAYS_MF, '09:00', '17:00') })).toEqual(['平日 9:00〜17:00（祝日は休み）']);
    expect(ja({ type: 'weekly', publicHolidays: 'as_usual', ranges: days(WEEKDAYS_MF, '09:00', '17:00') })).toEqual(['平日 9:00〜17:00（祝日も受付）']);
  });

  it('groups days with the same ranges and keeps the others apart', () => {
    const hours: Hours = {
      type: 'weekly',
      publicHolidays: 'as_sunday',
      ranges: [...days(WEEKDAYS_MF, '09:00', '17:00'), ...days(['sat', 'sun'], '10:00', '12:00'), { day: 'fri', start: '18:00', end: '20:00' }],
    };
    expect(ja(hours)).toEqual(['月〜木 9:00〜17:00／金曜 9:00〜17:00、18:00〜20:00／土日 10:00〜12:00（祝日は日曜と同じ）']);
  });

  it('says 祝日は休み for as_sunday when Sunday is closed', () => {
    expect(ja({ type: 'weekly', publicHolidays: 'as_sunday', ranges: days(['mon'], '09:00', '12:00') })).toEqual(['月曜 9:00〜12:00（祝日は休み）']);
  });

  it('writes ends past midnight as the next day, 24:00 as it is, and the last intake', () => {
    expect(rangeJa({ start: '22:00', end: '02:00' })).toBe('22:00〜翌2:00');
    expect(rangeJa({ start: '12:00', end: '45:00' })).toBe('12:00〜翌21:00');
    expect(rangeJa({ start: '17:00', end: '24:00' })).toBe('17:00〜24:00');
    expect(rangeJa({ start: '09:00', end: '17:00', lastIntake: '16:30' })).toBe('9:00〜17:00（最終受付16:30）');
    expect(rangeJa({ start: '20:00', end: '06:00', lastIntake: '05:00' })).toBe('20:00〜翌6:00（最終受付翌5:00）');
  });

  it('names day sets as offices do', () => {
    expect(daySetJa(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).toBe('毎日');
    expect(daySetJa(['sun', 'sat'])).toBe('土日');
    expect(daySetJa(['mon', 'wed', 'fri'])).toBe('月・水・金');
    expect(daySetJa(['mon', 'tue', 'wed', 'fri'])).toBe('月〜水・金');
    expect(daySetJa(['mon', 'tue'])).toBe('月・火');
    expect(daySetJa(['thu'])).toBe('木曜');
  });

  it('says always, days without times and unknown hours', () => {
    expect(ja({ type: 'always' })).toEqual(['24時間・年中無休']);
    expect(ja({ type: 'days', days: ['thu'] })).toEqual(['木曜（時間は未確認）']);
    expect(hoursJa(null)).toEqual(['受付時間は未確認です']);
  });

  it('adds closures, seasons, special openings and monthly rules as lines of their own', () => {
    const hours: Hours = {
      type: 'weekly',
      publicHolidays: 'closed',
      ranges: days(WEEKDAYS_MF, '08:30', '17:15'),
      closures: [{ from: '12-29', to: '01-03', yearly: true, label: '年末年始' }],
      seasons: [{ from: '2026-07-20', to: '2026-08-31', label: '夏休み', ranges: days(['sat'], '13:00', '17:00') }],
      specialOpenings: [{ from: '2026-05-03', ranges: [{ start: '10:00', end: '16:00' }] }],
      monthly: [{ week: 2, day: 'sat', start: '09:00', end: '12:00' }, { week: -1, day: 'sun', start: '13:00', end: '15:00', label: '夜間相談' }],
    };
    expect(ja(hours)).toEqual([
      '平日 8:30〜17:15（祝日は休み）',
      '毎月第2土曜 9:00〜12:00',
      '毎月最終日曜 13:00〜15:00（夜間相談）',
      '夏休み（2026年7月20日〜2026年8月31日）は 土曜 13:00〜17:00',
      '2026年5月3日は 10:00〜16:00',
      '年末年始（12月29日〜1月3日）は休み',
    ]);
  });

  it('says that hours open only in their seasons are closed otherwise', () => {
    const hours: Hours = { type: 'weekly', publicHolidays: 'as_usual', ranges: [], seasons: [{ from: '04-27', to: '05-06', yearly: true, ranges: days(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '10:00', '22:00') }] };
    expect(ja(hours)).toEqual(['4月27日〜5月6日は 毎日 10:00〜22:00', '上記の期間のほかは休み']);
  });
});
