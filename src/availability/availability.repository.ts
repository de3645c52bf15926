import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Hours } from '../hours/hours';
import type { ChannelFields } from '../line-services/channel-fields';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { LgKind } from '../local-governments/local-government.entity';
import { loadSql, NATIONAL, signaturesSql } from './availability.sql';

export { NATIONAL } from './availability.sql';

export type Level = 'municipality' | 'prefecture' | 'national';

export interface Place {
  code: string;
  name: string;
  kind: LgKind;
  prefectureCode: string;
  /** The local governments whose services reach a resident: the place, its city, its prefecture. */
  operators: { code: string; level: Level }[];
}

export interface GroupService {
  id: string;
  name: string;
  operatorCode: string;
  operatorName: string;
  department: string | null;
  category: ServiceCategory;
  audiences: Audience[];
  lifeCritical: boolean;
  url: string | null;
  lineHours: Hours | null;
  /** Non-withdrawn changes, in timeline order (undated first); times in ms. */
  timeline: { status: ServiceStatus; effectiveAt: number | null }[];
  /** Validity bounds in ms. */
  channels: (ChannelFields<number> & { id: string })[];
}

/** Changes whenever a service of the group is written: its count and the sum of its versions. */
export type Signature = string;

@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findPlace(code: string): Promise<Place | null> {
    const [lg] = await this.dataSource.query(
      `SELECT lg.code, lg.name, lg.kind, lg.prefecture_code, lg.parent_code, pref.code AS prefecture_lg
         FROM local_governments lg
         JOIN local_governments pref ON pref.prefecture_code = lg.prefecture_code AND pref.kind = 'prefecture'
        WHERE lg.code = $1`,
      [code],
    );
    if (!lg) return null;
    const operators: Place['operators'] = [];
    if (lg.kind !== 'prefecture') {
      operators.push({ code: lg.code, level: 'municipality' });
      // A designated-city ward is an administrative district: its city's services apply.
      if (lg.parent_code) operators.push({ code: lg.parent_code, level: 'municipality' });
    }
    operators.push({ code: lg.prefecture_lg, level: 'prefecture' });
    return { code: lg.code, name: lg.name, kind: lg.kind, prefectureCode: lg.prefecture_code, operators };
  }

  /** The signature of each group (operator codes, and NATIONAL); a group with no service is absent. */
  async signatures(operatorCodes: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Signature>> {
    const rows: { key: string; n: string; v: string }[] = await manager.query(signaturesSql(), [operatorCodes]);
    return new Map(rows.map((r) => [r.key, `${r.n}:${r.v}`]));
  }

  /** The services of the given groups, each with its timeline and all its channels, and the signatures they were read at. */
  async load(keys: string[]): Promise<{ signatures: Map<string, Signature>; groups: Map<string, GroupService[]> }> {
    const codes = keys.filter((k) => k !== NATIONAL);
    const national = keys.includes(NATIONAL);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const rows = await manager.query(loadSql(national), [codes]);
      const groups = new Map<string, GroupService[]>(keys.map((k) => [k, []]));
      for (const r of rows) {
        groups.get(r.key)?.push({
          id: r.id,
          name: r.name,
          operatorCode: r.operator_code,
          operatorName: r.operator_name,
          department: r.department,
          category: r.category,
          audiences: r.audiences,
          lifeCritical: r.life_critical,
          url: r.url,
          lineHours: r.line_hours,
          timeline: r.timeline,
          channels: r.channels,
        });
      }
      return { signatures: await this.signatures(codes, manager), groups };
    });
  }
}
