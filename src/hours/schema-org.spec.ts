import type { Hours } from './hours';
import { toOpeningHoursSpecification } from './schema-org';

// A fixed "now": 2026-11-20 (Friday) in Tokyo; the next 12 months run to 2027-11-19.
const NOW = new Date('2026-11-20T10:00:00+09:00');
const S = 'https://schema.org/';
const spec = (fields: object) => ({ '@type': 'OpeningHoursSpecification', ...fields });
const weekly = (fields: Partial<Extract<Hours, { type: 'weekly' }>>): Hours => ({ type: 'weekly', publicHolidays: 'as_usual', ranges: [], ...fields });

describe('schema.org OpeningHoursSpecification', () => {
  it('gives always as every day and public holidays, 00:00:00 to 23:59:59', () => {
    expect(toOpeningHoursSpecification({ type: 'always' }, NOW)).toEqual([
      spec({ dayOfWeek: [...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d) => S + d), `${S}PublicHolidays`], opens: '00:00:00', closes: '23:59:59' }),
    ]);
  });

  it('has nothing to say for the days form, whose times are not known', () => {
    expect(toOpeningHoursSpecification({ type: 'days', days: ['thu'] }, NOW)).toBeNull();
  });

  it('groups days with the same times, splits a range at midnight, and closes on public holidays', () => {
    const hours = weekly({
      ranges: [
        { day: 'mon', start: '09:00', end: '17:00', lastIntake: '16:30' },
        { day: 'tue', start: '09:00', end: '17:00' },
        { day: 'sat', start: '22:00', end: '02:00' },
        { day: 'sun', start: '12:00', end: '45:00' },
      ],
      publicHolidays: 'closed',
    });
    expect(toOpeningHoursSpecification(hours, NOW)).toEqual([
      spec({ dayOfWeek: [`${S}Monday`, `${S}Tuesday`], opens: '09:00:00', closes: '17:00:00' }),
      spec({ dayOfWeek: `${S}Saturday`, opens: '22:00:00', closes: '23:59:59' }),
      spec({ dayOfWeek: `${S}Sunday`, opens: '00:00:00', closes: '02:00:00' }),
      spec({ dayOfWeek: `${S}Sunday`, opens: '12:00:00', closes: '23:59:59' }),
      spec({ dayOfWeek: `${S}Monday`, opens: '00:00:00', closes: '21:00:00' }),
      spec({ dayOfWeek: `${S}PublicHolidays`, opens: '00:00:00', closes: '00:00:00' }),
    ]);
  });

  it('gives holidays as Sundays as PublicHolidays with Sunday\'s times', () => {
    const hours = weekly({ ranges: [{ day: 'sun', start: '10:00', end: '12:00' }], publicHolidays: 'as_sunday' });
    expect(toOpeningHoursSpecification(hours, NOW)).toContainEqual(spec({ dayOfWeek: `${S}PublicHolidays`, opens: '10:00:00', closes: '12:00:00' }));
  });

  it('dates closures: yearly ones as their occurrences in the next 12 months, one-off ones unless over', () => {
    const hours = weekly({
      ranges: [{ day: 'mon', start: '09:00', end: '17:00' }],
      closures: [
        { from: '12-29', to: '01-03', yearly: true, label: '年末年始' },
        { from: '11-01', to: '11-10', yearly: true },
        { from: '2027-05-03', to: '2027-05-05' },
        { from: '2026-05-01' },
      ],
    });
    const closed = toOpeningHoursSpecification(hours, NOW)!.filter((entry) => entry.validFrom);
    expect(closed).toEqual([
      spec({ opens: '00:00:00', closes: '00:00:00', validFrom: '2026-12-29', validThrough: '2027-01-03' }),
      spec({ opens: '00:00:00', closes: '00:00:00', validFrom: '2027-11-01', validThrough: '2027-11-10' }),
      spec({ opens: '00:00:00', closes: '00:00:00', validFrom: '2027-05-03', validThrough: '2027-05-05' }),
    ]);
  });

  it('dates seasons, special openings and the days of monthly rules, leaving out the days a closure or holiday takes', () => {
    const hours = weekly({
      ranges: [{ day: 'mon', start: '09:00', end: '17:00' }],
      publicHolidays: 'closed',
      seasons: [{ from: '07-01', to: '08-31', yearly: true, ranges: [{ day: 'sat', start: '10:00', end: '12:00' }] }],
      specialOpenings: [{ from: '2027-01-02', ranges: [{ start: '22:00', end: '02:00' }] }],
      monthly: [{ week: 1, day: 'mon', start: '18:00', end: '20:00' }],
      closures: [{ from: '2027-02-01' }],
    });
    const entries = toOpeningHoursSpecification(hours, NOW)!;
    expect(entries).toContainEqual(spec({ dayOfWeek: `${S}Saturday`, opens: '10:00:00', closes: '12:00:00', validFrom: '2027-07-01', validThrough: '2027-08-31' }));
    expect(entries).toContainEqual(spec({ opens: '22:00:00', closes: '23:59:59', validFrom: '2027-01-02', validThrough: '2027-01-02' }));
    expect(entries).toContainEqual(spec({ opens: '00:00:00', closes: '02:00:00', validFrom: '2027-01-03', validThrough: '2027-01-03' }));
    const monthlyDates = entries.filter((entry) => entry.opens === '18:00:00').map((entry) => entry.validFrom);
    // First Mondays from 2026-12 to 2027-11, less 2027-02-01 (the closure) and 2027-05-03 (憲法記念日, holidays closed).
    expect(monthlyDates).toEqual(['2026-12-07', '2027-01-04', '2027-03-01', '2027-04-05', '2027-06-07', '2027-07-05', '2027-08-02', '2027-09-06', '2027-10-04', '2027-11-01']);
  });
});
