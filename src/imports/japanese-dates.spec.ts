import fc from 'fast-check';
import { readTokyoInstant, wareki } from './japanese-dates';

// Fixed dates: the instants are those of the 2021 LINE incident and of the eras' boundaries,
// facts of the calendar that do not move with the clock.

const instantOf = (value: string) => {
  const reading = readTokyoInstant(value);
  if ('problem' in reading) throw new Error(`${value}: ${reading.problem.message}`);
  return reading;
};
const ms = (value: string) => Date.parse(instantOf(value).instant);
const problemOf = (value: string) => {
  const reading = readTokyoInstant(value);
  if (!('problem' in reading)) throw new Error(`${value} was read as ${reading.instant}`);
  return reading.problem;
};

const MARCH_26_9AM = Date.parse('2021-03-26T09:00:00+09:00');
const MARCH_26 = Date.parse('2021-03-26T00:00:00+09:00');

describe('Japanese dates: the shapes offices write', () => {
  it.each([
    '2021/3/26 9:00',
    '2021/03/26 09:00',
    '2021/3/26 9:00:00',
    '2021-03-26 09:00',
    '2021-03-26T09:00',
    '2021.3.26 9:00',
    '2021年3月26日 9時',
    '2021年3月26日 9時0分',
    '2021年3月26日9:00',
    '2021年3月26日(金) 9:00',
    '2021年3月26日（金曜日） 9時',
    '令和3年3月26日 9:00',
    '令和3年3月26日 9時',
    '令和３年３月２６日　９：００',
    '㋿3年3月26日 9:00',
    'R3.3.26 9:00',
    'R3/3/26 9:00',
    'r03.03.26 09:00',
    'Ｒ3.3.26 9:00',
    '2021-03-26T09:00:00+09:00',
    '2021-03-26T00:00:00Z',
    '44281.375',
  ])('reads %s as 2021-03-26 9:00 in Japan', (value) => {
    const expected = value.endsWith('Z') ? Date.parse('2021-03-26T00:00:00Z') : MARCH_26_9AM;
    expect(ms(value)).toBe(expected);
  });

  it.each(['2021/3/26', '2021-03-26', '2021年3月26日', '令和3年3月26日', 'R3.3.26', 'R3/3/26', '44281', '２０２１／３／２６'])('reads the date %s as the start of that day in Japan', (value) => {
    expect(instantOf(value)).toEqual({ instant: '2021-03-26T00:00:00+09:00', dateOnly: true });
    expect(ms(value)).toBe(MARCH_26);
  });

  it('reads the eras at their boundaries, 元年 included', () => {
    expect(instantOf('令和元年5月1日').instant).toBe('2019-05-01T00:00:00+09:00');
    expect(instantOf('令和1年5月1日').instant).toBe('2019-05-01T00:00:00+09:00');
    expect(instantOf('平成31年4月30日 23:59').instant).toBe('2019-04-30T23:59:00+09:00');
    expect(instantOf('H31.4.30').instant).toBe('2019-04-30T00:00:00+09:00');
    expect(instantOf('平成2年1月1日 9:00').instant).toBe('1990-01-01T09:00:00+09:00');
  });

  it('keeps an ISO 8601 value with an offset as it is', () => {
    expect(instantOf('2021-03-26T09:00:00.123456+09:00')).toEqual({ instant: '2021-03-26T09:00:00.123456+09:00', dateOnly: false });
  });
});

describe('Japanese dates: strict validation', () => {
  it.each([
    ['令和3年2月30日', /no such day: 令和3年2月30日/, '令和3年2月30日という日はありません'],
    ['2021/2/29', /no such day/, '2021年2月29日という日はありません'],
    ['2021/13/1', /no such day/, '2021年13月1日という日はありません'],
    ['2021/3/26 24:00', /no such time/, '24:00という時刻はありません'],
    ['2021/3/26 9:60', /no such time/, '9:60という時刻はありません'],
    ['2021年3月26日 25時', /no such time/, '25時という時刻はありません'],
  ])('refuses %s', (value, english, japanese) => {
    const problem = problemOf(value);
    expect(problem.message).toMatch(english);
    expect(problem.messageJa).toContain(japanese);
  });

  it('refuses a 令和 date before the era began, suggesting the 平成 one', () => {
    const problem = problemOf('令和1年4月1日');
    expect(problem.message).toMatch(/before the 令和 era began \(2019-05-01\)/);
    expect(problem.messageJa).toContain('平成31年4月1日');
  });

  it('refuses 平成 after the era ended, saying the 令和 date to write', () => {
    const problem = problemOf('平成32年3月26日');
    expect(problem.message).toBe('平成32年3月26日 is after the 平成 era ended (2019-04-30): write 令和2年3月26日');
    expect(problem.messageJa).toContain('令和2年3月26日と書いてください');
    expect(problemOf('平成31年5月1日').messageJa).toContain('令和元年5月1日');
  });

  it('refuses a wrong day of the week', () => {
    expect(problemOf('2021年3月26日(月)').messageJa).toBe('2021年3月26日は金曜日です（月曜日ではありません）');
  });

  it.each(['1989/12/31', '1990/1/1 8:59', '2100/1/1 9:00', '2101/1/1', '平成元年1月8日', '32873', '73052', '2100-01-01T00:00:00Z'])('refuses %s, outside 1990–2100 (UTC, as the JSON API)', (value) => {
    expect(problemOf(value).message).toMatch(/between 1990 and 2100/);
  });

  it.each(['', 'きのう', '3/26', '2021/3', '21/3/26', '2021/3/26 9', '令和0年1月1日', '昭和64年1月7日', '2021-03-26T09:00:00+0900', '1616716800', '2021/3-26', '2021-03-26T09:00:00+09:00x'])('refuses %s as not a date', (value) => {
    expect(problemOf(value).message).toMatch(/must be/);
  });
});

describe('Japanese dates: every accepted shape gives back the instant it was written from', () => {
  // Instants the JSON API takes (from 1990 to 2100 in UTC), to the second; a shape that stands
  // for the minute or the day of one may go before the range's start, which is then refused.
  const instants = fc.integer({ min: Date.parse('1990-01-02T00:00:00Z') / 1000, max: Date.parse('2099-12-31T23:59:59Z') / 1000 }).map((s) => s * 1000);
  const wall = (epochMs: number) => {
    const d = new Date(epochMs + 9 * 3_600_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const toMinute = (epochMs: number) => epochMs - (epochMs % 60_000);
  const toDay = (epochMs: number) => epochMs - ((epochMs + 9 * 3_600_000) % 86_400_000);
  const eraYear = (w: ReturnType<typeof wall>) => {
    const name = wareki(w);
    return /^(令和|平成)(元|\d+)年/.exec(name)!;
  };

  /** A shape: how to write an instant, and the instant it then stands for (to the minute, or the day). */
  const shapes: Record<string, { write: (epochMs: number) => string; means: (epochMs: number) => number }> = {
    'yyyy/m/d h:mm': { write: (t) => { const w = wall(t); return `${w.year}/${w.month}/${w.day} ${w.hour}:${pad(w.minute)}`; }, means: toMinute },
    'yyyy/mm/dd hh:mm:ss': { write: (t) => { const w = wall(t); return `${w.year}/${pad(w.month)}/${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`; }, means: (t) => t },
    'yyyy-mm-dd hh:mm': { write: (t) => { const w = wall(t); return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`; }, means: toMinute },
    'yyyy/m/d': { write: (t) => { const w = wall(t); return `${w.year}/${w.month}/${w.day}`; }, means: toDay },
    'yyyy-mm-dd': { write: (t) => { const w = wall(t); return `${w.year}-${pad(w.month)}-${pad(w.day)}`; }, means: toDay },
    'yyyy年m月d日 h時m分': { write: (t) => { const w = wall(t); return `${w.year}年${w.month}月${w.day}日 ${w.hour}時${w.minute}分`; }, means: toMinute },
    'yyyy年m月d日 h:mm': { write: (t) => { const w = wall(t); return `${w.year}年${w.month}月${w.day}日 ${w.hour}:${pad(w.minute)}`; }, means: toMinute },
    'yyyy年m月d日': { write: (t) => { const w = wall(t); return `${w.year}年${w.month}月${w.day}日`; }, means: toDay },
    '和暦 h:mm': { write: (t) => { const w = wall(t); const [, era, year] = eraYear(w); return `${era}${year}年${w.month}月${w.day}日 ${w.hour}:${pad(w.minute)}`; }, means: toMinute },
    '和暦 (full-width)': { write: (t) => { const w = wall(t); const [, era, year] = eraYear(w); return `${era}${year}年${w.month}月${w.day}日`.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)); }, means: toDay },
    'R3.3.26': { write: (t) => { const w = wall(t); const [, era, year] = eraYear(w); return `${era === '令和' ? 'R' : 'H'}${year === '元' ? 1 : year}.${w.month}.${w.day}`; }, means: toDay },
    'Excel serial': { write: (t) => String((t + 9 * 3_600_000) / 86_400_000 + 25_569), means: (t) => t },
    'ISO 8601 with an offset': { write: (t) => new Date(t).toISOString(), means: (t) => t },
  };

  it.each(Object.keys(shapes))('%s', (name) => {
    const shape = shapes[name];
    fc.assert(
      fc.property(instants, (t) => {
        const written = shape.write(t);
        expect({ written, read: ms(written) }).toEqual({ written, read: shape.means(t) });
      }),
      { numRuns: 300 },
    );
  });
});
