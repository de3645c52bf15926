import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidLgCode } from '../src/local-governments/lg-code';
import { LG_KINDS, LgKind } from '../src/local-governments/local-government.entity';

export interface LgSeedRow {
  code: string;
  prefecture_code: string;
  kind: LgKind;
  name: string;
  name_kana: string;
  parent_code: string | null;
}

// From the source tree this file sits beside data/; built, it runs from dist/seeds/.
const DATA_DIR = existsSync(join(__dirname, 'data')) ? join(__dirname, 'data') : join(__dirname, '..', '..', 'seeds', 'data');

/** The project's copy of the ministry's list (see seeds/data/README.md). */
export const LOCAL_GOVERNMENTS_CSV = join(DATA_DIR, 'local-governments.csv');

/**
 * Reads the list and gives each designated-city ward its city: the city of the same
 * prefecture whose name is the longest prefix of the ward's (札幌市中央区 → 札幌市).
 */
export function readLocalGovernments(path = LOCAL_GOVERNMENTS_CSV): LgSeedRow[] {
  const records: Omit<LgSeedRow, 'parent_code'>[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true });
  const cities = records.filter((r) => r.kind === 'city');
  return records.map((record) => {
    if (!isValidLgCode(record.code)) throw new Error(`${record.code} (${record.name}) has a wrong check digit`);
    if (!LG_KINDS.includes(record.kind)) throw new Error(`${record.code} has an unknown kind ${record.kind}`);
    return { ...record, parent_code: record.kind === 'designated_city_ward' ? cityOf(record, cities) : null };
  });
}

function cityOf(ward: Omit<LgSeedRow, 'parent_code'>, cities: Omit<LgSeedRow, 'parent_code'>[]): string {
  const candidates = cities.filter((c) => c.prefecture_code === ward.prefecture_code && ward.name.startsWith(c.name));
  if (candidates.length === 0) throw new Error(`no city found for the ward ${ward.code} ${ward.name}`);
  return candidates.sort((a, b) => b.name.length - a.name.length)[0].code;
}
