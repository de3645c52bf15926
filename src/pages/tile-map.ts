import { SEVERITIES } from '../gaps/gap-rules';
import type { Severity } from '../gaps/gap-rules';
import { labelOf, SEVERITY_LABELS } from '../i18n/labels';

/**
 * The tile-grid map of Japan that Japanese data journalism uses: one square per
 * prefecture, 北海道 top right, 沖縄 bottom left, neighbours next to each other as far as a
 * grid allows. [column, row] by prefecture number, on a 13 × 11 grid.
 */
export const TILE_LAYOUT: Readonly<Record<string, readonly [number, number]>> = {
  '01': [12, 0],
  '02': [12, 1],
  '05': [11, 2], '03': [12, 2],
  '06': [11, 3], '04': [12, 3],
  '18': [8, 4], '17': [9, 4], '16': [10, 4], '15': [11, 4], '07': [12, 4],
  '32': [3, 5], '31': [4, 5], '28': [5, 5], '26': [6, 5], '25': [7, 5], '21': [8, 5], '20': [9, 5], '10': [10, 5], '09': [11, 5], '08': [12, 5],
  '35': [2, 6], '34': [3, 6], '33': [4, 6], '27': [5, 6], '29': [6, 6], '24': [7, 6], '23': [8, 6], '19': [9, 6], '11': [10, 6], '13': [11, 6], '12': [12, 6],
  '41': [0, 7], '40': [1, 7], '38': [3, 7], '37': [4, 7], '30': [6, 7], '22': [9, 7], '14': [11, 7],
  '42': [0, 8], '43': [1, 8], '44': [2, 8], '39': [3, 8], '36': [4, 8],
  '46': [1, 9], '45': [2, 9],
  '47': [0, 10],
};

const COLUMNS = 13;
const ROWS = 11;
const TILE = 60;
const GAP = 2;

/** The colour class of a place: its most severe open no_alternative gap, or none. */
export type Tone = Severity | 'none';

export interface TileView {
  code: string;
  href: string;
  x: number;
  y: number;
  size: number;
  /** Short name on the tile (大阪, 北海道). */
  short: string;
  count: number;
  tone: Tone;
  /** The tile link's accessible name: 大阪 3 件（大阪府、代替手段のない停止。最も重いもの: 重大）. */
  label: string;
  textX: number;
  nameY: number;
  countY: number;
}

export interface CountsBySeverity {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

export const emptyCounts = (): CountsBySeverity => ({ critical: 0, high: 0, medium: 0, low: 0 });
export const totalOf = (c: CountsBySeverity): number => c.critical + c.high + c.medium + c.low;
/** The most severe severity with a count, critical first. */
export const toneOf = (c: CountsBySeverity): Tone => SEVERITIES.find((s) => c[s] > 0) ?? 'none';

/** 北海道 stays whole; 東京都, 大阪府, 京都府 and the 県 lose their suffix (京都 keeps its 都). */
export function shortName(name: string): string {
  if (name === '北海道') return name;
  return name.replace(/[都府県]$/u, '');
}

/** The legend, most severe first. */
export const LEGEND: { tone: Tone; label: string }[] = [
  ...SEVERITIES.map((s) => ({ tone: s as Tone, label: `${labelOf(SEVERITY_LABELS, s)}を含む` })),
  { tone: 'none', label: 'なし' },
];

/** The map's tiles and its viewBox; `prefectures` gives every prefecture's number and name. */
export function tileMap(prefectures: { code: string; name: string }[], counts: Map<string, CountsBySeverity>) {
  const tiles: TileView[] = prefectures
    .filter((p) => TILE_LAYOUT[p.code])
    .map((p) => {
      const [column, row] = TILE_LAYOUT[p.code];
      const c = counts.get(p.code) ?? emptyCounts();
      const count = totalOf(c);
      const tone = toneOf(c);
      const x = column * (TILE + GAP);
      const y = row * (TILE + GAP);
      const worst = tone === 'none' ? '' : `。最も重いもの: ${labelOf(SEVERITY_LABELS, tone)}`;
      return {
        code: p.code,
        href: `/dashboard/prefectures/${p.code}`,
        x,
        y,
        size: TILE,
        short: shortName(p.name),
        count,
        tone,
        // The visible words first, as they are on the tile (the name on screen is the name heard).
        label: `${shortName(p.name)} ${count} 件（${p.name}、代替手段のない停止${worst}）`,
        textX: x + TILE / 2,
        nameY: y + 24,
        countY: y + 48,
      };
    });
  return { tiles, width: COLUMNS * (TILE + GAP) - GAP, height: ROWS * (TILE + GAP) - GAP };
}
