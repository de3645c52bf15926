import { hoursProblems, weekInterval } from './hours';

describe('hours validation', () => {
  it('accepts 24-hour channels', () => {
    expect(hoursProblems({ type: 'always' })).toEqual([]);
    expect(hoursProblems({ type: 'always', notes: '24時間対応' })).toEqual([]);
  });

  it('accepts weekly ranges, a range to midnight and one across midnight', () => {
    const hours = {
      type: 'weekly',
      publicHolidays: 'closed',
      ranges: [
        { day: 'mon', start: '17:00', end: '21:00' },
        { day: 'fri', start: '18:00', end: '24:00' },
        { day: 'sat', start: '22:00', end: '06:00' },
      ],
    };
    expect(hoursProblems(hours)).toEqual([]);
  });

  it('treats a range whose end is before its start as crossing midnight', () => {
    expect(weekInterval({ day: 'sat', start: '22:00', end: '06:00' })).toEqual([5 * 1440 + 22 * 60, 6 * 1440 + 6 * 60]);
    expect(weekInterval({ day: 'mon', start: '09:00', end: '24:00' })).toEqual([9 * 60, 1440]);
  });

  it('names every malformed part', () => {
    const problems = hoursProblems({
      type: 'weekly',
      publicHolidays: 'sometimes',
      ranges: [{ day: 'monday', start: '9:00', end: '48:30', extra: 1 }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('publicHolidays'),
        expect.stringContaining('ranges[0].day'),
        expect.stringContaining('ranges[0].start'),
        expect.stringContaining('ranges[0].end'),
        expect.stringContaining('ranges[0].extra'),
      ]),
    );
  });

  it('rejects overlapping ranges, including ones that wrap from Sunday into Monday', () => {
    expect(
      hoursProblems({
        type: 'weekly',
        publicHolidays: 'as_usual',
        ranges: [
          { day: 'mon', start: '09:00', end: '12:00' },
          { day: 'mon', start: '11:00', end: '13:00' },
        ],
      }),
    ).toEqual(['ranges[0] and ranges[1] overlap']);
    expect(
      hoursProblems({
        type: 'weekly',
        publicHolidays: 'as_usual',
        ranges: [
          { day: 'sun', start: '23:00', end: '02:00' },
          { day: 'mon', start: '01:00', end: '03:00' },
        ],
      }),
    ).toEqual(['ranges[0] and ranges[1] overlap']);
  });

  it.each([
    [null],
    ['24h'],
    [[]],
    [{ type: 'weekly', publicHolidays: 'closed', ranges: [] }],
    [{ type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '10:00', end: '10:00' }] }],
    [{ type: 'always', ranges: [] }],
    [{ type: 'sometimes' }],
  ])('rejects %j', (value) => {
    expect(hoursProblems(value).length).toBeGreaterThan(0);
  });
});
