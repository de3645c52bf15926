import { niceCeiling, timelineChart } from './timeline-chart';

describe('timeline chart', () => {
  it('tops the y axis at 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 2, 3, 7, 11, 48, 120].map(niceCeiling)).toEqual([1, 1, 2, 5, 10, 20, 50, 200]);
  });

  it('draws one step per day, highest at the top of the plot, and says it in words', () => {
    const chart = timelineChart([
      { day: '2021-03-31', n: 0 },
      { day: '2021-04-01', n: 2 },
      { day: '2021-04-02', n: 1 },
    ]);
    expect(chart.area.startsWith('M44,212 L44,212 L292,212 L292,12 L540,12 L540,112 L788,112 L788,212 Z')).toBe(true);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '1', '2']);
    expect(chart.xTicks).toEqual([{ x: 292, label: '2021年4月' }]);
    expect(chart.summary).toBe('2021年3月31日(水)から2021年4月2日(金)まで。最も多い日は2021年4月1日(木)の2件、最後の日は1件。');
    expect(chart.rows[1]).toEqual({ date: '2021年4月1日(木)', n: 2 });
  });

  it('labels every third month past a year', () => {
    const days = Array.from({ length: 400 }, (_, i) => ({ day: new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), n: 0 }));
    expect(timelineChart(days).xTicks.map((t) => t.label)).toEqual(['2021年1月', '4月', '7月', '10月', '2022年1月']);
  });
});
