import { dateJa, dateTimeJa, durationJa, momentJa, timeJa, tokyoInputs } from './dates-ja';

describe('dates in Japanese, Tokyo time', () => {
  it('writes the Tokyo date with its weekday, whatever the UTC date', () => {
    expect(dateJa('2021-03-26T00:00:00+09:00')).toBe('2021年3月26日(金)');
    expect(dateJa('2021-03-25T15:00:00Z')).toBe('2021年3月26日(金)');
    expect(dateJa('2021-03-25T14:59:59Z')).toBe('2021年3月25日(木)');
  });

  it('writes times without a leading zero on the hour', () => {
    expect(timeJa('2026-12-01T09:05:00+09:00')).toBe('9:05');
    expect(dateTimeJa('2026-12-01T23:30:00+09:00')).toBe('2026年12月1日(火) 23:30');
  });

  it('gives the year of a moment only when it is not the year it is near', () => {
    expect(momentJa('2026-12-01T09:00:00+09:00', '2026-11-30T20:00:00+09:00')).toBe('12月1日(火) 9:00');
    expect(momentJa('2027-01-04T09:00:00+09:00', '2026-12-28T20:00:00+09:00')).toBe('2027年1月4日(月) 9:00');
  });

  it('says durations in their two largest units', () => {
    expect(durationJa(3 * 86400 + 4 * 3600 + 59)).toBe('3日と4時間');
    expect(durationJa(5 * 3600 + 20 * 60)).toBe('5時間20分');
    expect(durationJa(2 * 86400)).toBe('2日');
    expect(durationJa(59)).toBe('1分未満');
    expect(durationJa(60)).toBe('1分');
  });

  it('fills the date and time inputs with the Tokyo wall clock', () => {
    expect(tokyoInputs(new Date('2026-11-30T15:30:00Z'))).toEqual({ date: '2026-12-01', time: '00:30' });
  });
});
