import { asOfEn, asOfJa, eraDate, eraDateTime, gregorianDateJa, tokyoStamp } from './japanese-time';

// Fixed instants: the change of era in 2019 and the end of March 2021; no clock is read.

describe('Japanese dates (和暦 and Gregorian, Tokyo time)', () => {
  it('writes the first year of 令和 as 元年, from 1 May 2019', () => {
    expect(eraDate(new Date('2019-05-01T00:00:00+09:00'))).toBe('令和元年5月1日');
    expect(eraDateTime(new Date('2019-05-01T09:30:00+09:00'))).toBe('令和元年5月1日 9:30');
    expect(eraDate(new Date('2019-12-31T23:59:59+09:00'))).toBe('令和元年12月31日');
    expect(eraDate(new Date('2020-01-01T00:00:00+09:00'))).toBe('令和2年1月1日');
  });

  it('writes the last day of 平成 as 平成31年4月30日, to its last minute', () => {
    expect(eraDateTime(new Date('2019-04-30T23:59:00+09:00'))).toBe('平成31年4月30日 23:59');
    // 23:59 in Tokyo on 30 April is 14:59 UTC: still 平成.
    expect(eraDate(new Date('2019-04-30T14:59:59Z'))).toBe('平成31年4月30日');
    expect(eraDate(new Date('2019-04-30T15:00:00Z'))).toBe('令和元年5月1日');
  });

  it('reads a UTC instant just before Tokyo midnight as that Tokyo day, and one just after as the next', () => {
    const beforeMidnight = new Date('2021-03-31T14:59:59Z');
    expect(eraDateTime(beforeMidnight)).toBe('令和3年3月31日 23:59');
    expect(gregorianDateJa(beforeMidnight)).toBe('2021年3月31日');
    const afterMidnight = new Date('2021-03-31T15:00:00Z');
    expect(eraDateTime(afterMidnight)).toBe('令和3年4月1日 0:00');
    expect(gregorianDateJa(afterMidnight)).toBe('2021年4月1日');
  });

  it('gives the as-of line of a report of 2021 in Japanese and English, and the file-name stamp', () => {
    const asOf = new Date('2021-03-31T23:59:59+09:00');
    expect(asOfJa(asOf)).toBe('令和3年3月31日 23:59 時点（2021年3月31日）');
    expect(asOfEn(asOf)).toBe('31 March 2021, 23:59 Japan time');
    expect(tokyoStamp(asOf)).toBe('20210331-2359');
    expect(tokyoStamp(new Date('2021-01-05T00:07:00Z'))).toBe('20210105-0907');
    expect(eraDate(new Date('2021-01-01T00:00:00+09:00'))).toBe('令和3年1月1日');
  });
});
