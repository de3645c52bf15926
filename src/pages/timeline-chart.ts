import { dateJa } from './dates-ja';

/** One day of the timeline: its Tokyo date (YYYY-MM-DD) and the count. */
export interface DayCount {
  day: string;
  n: number;
}

export interface TimelineChart {
  width: number;
  height: number;
  /** The counts as a stepped area, one step per day. */
  area: string;
  baseline: { x1: number; x2: number; y: number };
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  /** What the chart shows, in words: its <desc>. */
  summary: string;
  rows: { date: string; n: number }[];
}

const WIDTH = 800;
const HEIGHT = 240;
const LEFT = 44;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 28;

/** The smallest of 1, 2, 5 × 10^k that is at least `n` (at least 1): the top of the y axis. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= n)!;
}

const dateOf = (day: string) => new Date(`${day}T00:00:00+09:00`);

/**
 * A server-side SVG chart of counts per day: a stepped area (a day's count holds for the
 * whole day), the y axis at 0, half and the top, the x axis at the first of each month
 * (every third month past a year). No script; the numbers are also in the table beside it.
 */
export function timelineChart(days: DayCount[]): TimelineChart {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const base = TOP + plotHeight;
  const top = niceCeiling(Math.max(0, ...days.map((d) => d.n)));
  const step = days.length ? plotWidth / days.length : plotWidth;
  const yOf = (n: number) => Math.round((base - (n / top) * plotHeight) * 10) / 10;
  const xOf = (i: number) => Math.round((LEFT + i * step) * 10) / 10;
  const points = days.flatMap((d, i) => [`${xOf(i)},${yOf(d.n)}`, `${xOf(i + 1)},${yOf(d.n)}`]);
  const area = days.length ? `M${xOf(0)},${base} L${points.join(' L')} L${xOf(days.length)},${base} Z` : '';
  const months = days.map((d, i) => ({ d, i })).filter(({ d }) => d.day.endsWith('-01'));
  // Past a year, the quarters only (January, April, July, October).
  const quarterly = months.length > 12;
  const xTicks = months
    .filter(({ d }) => !quarterly || Number(d.day.slice(5, 7)) % 3 === 1)
    .map(({ d, i }, k) => ({ x: xOf(i), label: k === 0 || d.day.slice(5, 7) === '01' ? `${d.day.slice(0, 4)}年${Number(d.day.slice(5, 7))}月` : `${Number(d.day.slice(5, 7))}月` }));
  const yTicks = [0, top / 2, top].filter((v, k, all) => Number.isInteger(v) && all.indexOf(v) === k).map((v) => ({ y: yOf(v), label: String(v) }));
  const peak = days.reduce<DayCount | null>((best, d) => (best === null || d.n > best.n ? d : best), null);
  const last = days.at(-1);
  const summary =
    days.length && peak && last
      ? `${dateJa(dateOf(days[0].day))}から${dateJa(dateOf(last.day))}まで。最も多い日は${dateJa(dateOf(peak.day))}の${peak.n}件、最後の日は${last.n}件。`
      : 'データがありません。';
  return {
    width: WIDTH,
    height: HEIGHT,
    area,
    baseline: { x1: LEFT, x2: WIDTH - RIGHT, y: base },
    yTicks,
    xTicks,
    summary,
    rows: days.map((d) => ({ date: dateJa(dateOf(d.day)), n: d.n })),
  };
}
