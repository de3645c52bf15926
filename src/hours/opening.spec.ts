import { Hours } from './hours';
import { addDays, holidayOn, nextDate, nextHoliday, nextNewYear, nextSubstituteHoliday, nextWorkingDay, tokyo, weekdayOf } from '../../test/support/calendar';
import { holidayName, openingAt, tokyoDate } from './opening';

// openingAt reads no clock: it evaluates the instant it is given. The fixed dates below are
// in the past (November 2025 and 2026), with holiday data that will not change for them;
// the cases that matter on any day (the next holiday, substitute holiday and New Year) are
// found from the clock, so they are checked against the years ahead as they come.
const jst = (local: string) => new Date(`${local}+09:00`);
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const weekly = (publicHolidays: 'closed' | 'as_usual' | 'as_sunday', ranges: { day: string; start: string; end: string }[]): Hours =>
  ({ type: 'weekly', publicHolidays, ranges }) as Hours;

describe('opening hours in Asia/Tokyo', () => {
  const weekdayOffice = weekly('closed', ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })));

  it('is open inside a range and says when it closes', () => {
    expect(openingAt(weekdayOffice, jst('2026-11-24T10:00:00'))).toMatchObject({ open: true, closesAt: jst('2026-11-24T17:00:00'), nextOpenAt: null });
  });

  it('uses Tokyo time, not the machine\'s: 01:00 UTC Tuesday is 10:00 in Tokyo', () => {
    expect(openingAt(weekdayOffice, new Date('2026-11-24T01:00:00Z')).open).toBe(true);
    expect(tokyoDate(new Date('2026-11-23T15:30:00Z'))).toBe('2026-11-24');
  });

  it('is closed on a public holiday when the rule says so, and opens the next working day', () => {
    // 2026-11-23 (Mon) is 勤労感謝の日.
    expect(holidayName('2026-11-23')).toBe('勤労感謝の日');
    expect(openingAt(weekdayOffice, jst('2026-11-23T10:00:00'))).toMatchObject({ open: false, closesAt: null, nextOpenAt: jst('2026-11-24T09:00:00') });
    const asUsual = weekly('as_usual', [{ day: 'mon', start: '09:00', end: '17:00' }]);
    expect(openingAt(asUsual, jst('2026-11-23T10:00:00')).open).toBe(true);
  });

  it('treats a substitute holiday as a holiday', () => {
    // 2025-11-24 (Mon) is the substitute for 勤労感謝の日 falling on Sunday.
    expect(holidayName('2025-11-24')).toBe('勤労感謝の日 振替休日');
    expect(openingAt(weekdayOffice, jst('2025-11-24T10:00:00')).open).toBe(false);
    const sundayHours = weekly('as_sunday', [
      { day: 'mon', start: '09:00', end: '17:00' },
      { day: 'sun', start: '13:00', end: '15:00' },
    ]);
    expect(openingAt(sundayHours, jst('2025-11-24T10:00:00'))).toMatchObject({ open: false, closesAt: null, nextOpenAt: jst('2025-11-24T13:00:00') });
  });

  it('keeps a range that crosses midnight open into the next day', () => {
    const night = weekly('as_usual', [{ day: 'fri', start: '22:00', end: '02:00' }]);
    expect(openingAt(night, jst('2026-11-27T23:00:00'))).toMatchObject({ open: true, closesAt: jst('2026-11-28T02:00:00'), nextOpenAt: null });
    expect(openingAt(night, jst('2026-11-28T01:59:00')).open).toBe(true);
    expect(openingAt(night, jst('2026-11-28T02:00:00'))).toMatchObject({ open: false, closesAt: null, nextOpenAt: jst('2026-12-04T22:00:00') });
  });

  describe('on the days ahead, found from the clock', () => {
    const newYear = nextNewYear();
    const evenings = weekly('closed', DAYS.map((day) => ({ day, start: '20:00', end: '02:00' })));

    it(`crosses the change of year (${newYear}), with New Year's Day closed`, () => {
      // 31 December is never a holiday: its evening range runs into 1 January.
      expect(holidayOn(addDays(newYear, -1))).toBeNull();
      expect(openingAt(evenings, tokyo(newYear, '01:00'))).toMatchObject({ open: true, closesAt: tokyo(newYear, '02:00'), nextOpenAt: null });
      // 元日 is a holiday: no range starts that day, so the next opening is the next day that is
      // not a holiday (2 January, or the 3rd when the 2nd is a substitute holiday).
      expect(holidayName(newYear)).toBe('元日');
      const next = nextDate(newYear, (date) => !holidayOn(date));
      expect(openingAt(evenings, tokyo(newYear, '21:00'))).toMatchObject({ open: false, closesAt: null, nextOpenAt: tokyo(next, '20:00') });
    });

    const holiday = nextHoliday();
    it(`closes a weekday office on the next public holiday (${holiday.date} ${holiday.name}) and opens it the next working day`, () => {
      expect(openingAt(weekdayOffice, tokyo(holiday.date, '10:00'))).toMatchObject({ open: false, closesAt: null, nextOpenAt: tokyo(nextWorkingDay(holiday.date), '09:00') });
      const asUsual = weekly('as_usual', DAYS.map((day) => ({ day, start: '09:00', end: '17:00' })));
      expect(openingAt(asUsual, tokyo(holiday.date, '10:00'))).toMatchObject({ open: true, closesAt: tokyo(holiday.date, '17:00'), nextOpenAt: null });
    });

    const substitute = nextSubstituteHoliday();
    it(`treats the next substitute holiday (${substitute.date} ${substitute.name}) as a holiday, and as Sunday when told to`, () => {
      expect(holidayName(substitute.date)).toBe(substitute.name);
      expect(openingAt(weekdayOffice, tokyo(substitute.date, '10:00')).open).toBe(false);
      const sundayHours = weekly('as_sunday', [
        { day: DAYS[(weekdayOf(substitute.date) + 6) % 7], start: '09:00', end: '17:00' },
        { day: 'sun', start: '13:00', end: '15:00' },
      ]);
      expect(openingAt(sundayHours, tokyo(substitute.date, '10:00'))).toMatchObject({ open: false, closesAt: null, nextOpenAt: tokyo(substitute.date, '13:00') });
    });

    it('is always open for 24-hour channels and unknown without hours', () => {
      expect(openingAt({ type: 'always' }, tokyo(newYear, '03:00')).open).toBe(true);
      expect(openingAt(null, tokyo(newYear, '03:00'))).toEqual({ open: null, acceptingNew: null, closesAt: null, nextOpenAt: null, reason: null });
    });
  });

  it('finds the next opening at 3 a.m. on a Sunday', () => {
    expect(openingAt(weekdayOffice, jst('2026-11-29T03:00:00')).nextOpenAt).toEqual(jst('2026-11-30T09:00:00'));
  });
});
