import { shortName, TILE_LAYOUT, tileMap, toneOf } from './tile-map';

describe('tile map of the prefectures', () => {
  const codes = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

  it('has one tile per prefecture, each in its own cell, 北海道 top right and 沖縄 bottom left', () => {
    expect(Object.keys(TILE_LAYOUT).sort()).toEqual(codes);
    const cells = new Set(Object.values(TILE_LAYOUT).map(([c, r]) => `${c},${r}`));
    expect(cells.size).toBe(47);
    const columns = Object.values(TILE_LAYOUT).map(([c]) => c);
    const rows = Object.values(TILE_LAYOUT).map(([, r]) => r);
    expect(TILE_LAYOUT['01']).toEqual([Math.max(...columns), Math.min(...rows)]);
    expect(TILE_LAYOUT['47']).toEqual([Math.min(...columns), Math.max(...rows)]);
  });

  it('colours a tile by its most severe gap and counts them all', () => {
    const { tiles, width } = tileMap([{ code: '27', name: '大阪府' }, { code: '01', name: '北海道' }], new Map([['27', { critical: 0, high: 2, medium: 1, low: 0 }]]));
    expect(tiles.map((t) => [t.short, t.count, t.tone])).toEqual([['大阪', 3, 'high'], ['北海道', 0, 'none']]);
    expect(tiles[0].label).toBe('大阪 3 件（大阪府、代替手段のない停止。最も重いもの: 高）');
    expect(tiles[1].x + tiles[1].size).toBe(width);
    expect(toneOf({ critical: 1, high: 0, medium: 5, low: 0 })).toBe('critical');
  });

  it('shortens names as the maps write them', () => {
    expect(['北海道', '東京都', '京都府', '大阪府', '神奈川県'].map(shortName)).toEqual(['北海道', '東京', '京都', '大阪', '神奈川']);
  });
});
