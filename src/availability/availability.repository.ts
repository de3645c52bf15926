import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Hours } from '../hours/hours';
import type { ChannelFields } from '../line-services/channel-fields';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { LgKind } from '../local-governments/local-government.entity';
import { indexedServicesSql, ORGANIZATION_COVERAGE_SQL } from './availability.sql';
import type { IndexSize } from './service-index';

export { NATIONAL } from './availability.sql';

/** Whose service it is, seen from a place: its municipality's (or city's), its prefecture's, the country's, or an organisation's that covers it. */
export type Level = 'municipality' | 'prefecture' | 'national' | 'organization';

export interface Place {
  code: string;
  name: string;
  kind: LgKind;
  prefectureCode: string;
  /** The local governments whose services reach a resident: the place, its city, its prefecture. */
  operators: { code: string; level: Level }[];
}

/** A service as the index reads it. */
export interface ServiceRow {
  /** Its group: the operator's code, or NATIONAL. */
  key: string;
  id: string;
  name: string;
  operatorCode: string;
  operatorName: string;
  level: Level;
  department: string | null;
  category: ServiceCategory;
  audiences: Audience[];
  lifeCritical: boolean;
  url: string | null;
  lineHours: Hours | null;
  /** The short notice in Japanese people see (「LINE相談はしばらくお休みします…」). */
  publicNotice: string | null;
  /** What replaced it, when it was discontinued. */
  successorServiceId: string | null;
  /** Non-withdrawn changes, in timeline order (undated first); times in ms. */
  timeline: { status: ServiceStatus; effectiveAt: number | null }[];
  /** Validity bounds in ms, in the order they were added. */
  channels: (ChannelFields<number> & { id: string })[];
}

/** Where an organisation's services reach: the whole country, or the local governments listed (a prefecture: every place in it). */
export interface OrganizationReach {
  code: string;
  nationwide: boolean;
  localGovernments: string[];
}

/** The availability change counter (see the migration AvailabilityChangeLog). */
export interface Counter {
  value: number;
  /** Changes up to this value are no longer listed: an index older than it is rebuilt whole. */
  prunedThrough: number;
}

/** Logged for a change to a local government or national body: everything is read again. */
export const EVERYTHING = '00000000-0000-0000-0000-000000000000';

/** Pages of this many services while the index is built or caught up: larger pages left more garbage for the old generation (build peak 309 MB at 2,000, 288 MB at 500, same build time). */
const PAGE = 500;

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

  /** The one cheap read each answer waits for (batched by the caller). */
  async counter(manager: EntityManager = this.dataSource.manager): Promise<Counter> {
    const [row] = await manager.query(`SELECT value, pruned_through FROM availability_counter`);
    return { value: Number(row.value), prunedThrough: Number(row.pruned_through) };
  }

  /** The services written after counter value `after` up to `upTo` (EVERYTHING among them: reread all). */
  async changedSince(after: number, upTo: number): Promise<string[]> {
    const rows: { service_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT c.service_id
         FROM availability_commits m JOIN availability_changes c ON c.xid = m.xid
        WHERE m.counter > $1 AND m.counter <= $2`,
      [after, upTo],
    );
    return rows.map((r) => r.service_id);
  }

  /**
   * Every service, in one snapshot with the counter it was read at, handed over a page at
   * a time (never the whole table at once), after how many there are (`onSize`), and where
   * organisations reach (`onReach`, in the same snapshot: a change to an organisation or its
   * coverage is logged as a change to everything, so the index holds it until it is rebuilt).
   */
  async readAll(onSize: (size: IndexSize) => void, onPage: (rows: ServiceRow[]) => void, onReach: (reach: OrganizationReach[]) => void): Promise<Counter> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const counter = await this.counter(manager);
      const [size] = await manager.query(
        `SELECT (SELECT count(*) FROM line_services)::int AS services, (SELECT count(*) FROM fallback_channels)::int AS channels,
                (SELECT count(*) FROM status_changes WHERE withdrawn_at IS NULL)::int AS changes`,
      );
      onSize(size);
      const reach: { code: string; nationwide: boolean; local_governments: string[] }[] = await manager.query(ORGANIZATION_COVERAGE_SQL);
      onReach(reach.map((r) => ({ code: r.code, nationwide: r.nationwide, localGovernments: r.local_governments })));
      for (let after = EVERYTHING; ; ) {
        const rows: RawRow[] = await manager.query(indexedServicesSql('page'), [after, PAGE]);
        if (rows.length) onPage(rows.map(toServiceRow));
        if (rows.length < PAGE) return counter;
        after = rows[rows.length - 1].id;
      }
    });
  }

  /**
   * The services `ids` as they are now (a deleted one is absent), handed over a page at a
   * time (an import of 10,000 services is not read in one piece), all in one snapshot.
   */
  async read(ids: string[], onPage: (rows: ServiceRow[]) => void): Promise<void> {
    const readPages = async (manager: EntityManager) => {
      for (let from = 0; from < ids.length; from += PAGE) {
        const rows: RawRow[] = await manager.query(indexedServicesSql('ids'), [ids.slice(from, from + PAGE)]);
        onPage(rows.map(toServiceRow));
      }
    };
    if (ids.length <= PAGE) return readPages(this.dataSource.manager);
    return this.dataSource.transaction('REPEATABLE READ', readPages);
  }

  /**
   * Forgets the changes recorded before `before` (the maintenance job) and raises
   * `pruned_through` to the newest value forgotten: an instance whose index is older than
   * that can no longer catch up from the log, and rebuilds.
   */
  async pruneChanges(before: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // A DELETE answers [rows, count] through TypeORM.
      const [pruned]: [{ xid: string; counter: string }[], number] = await manager.query(
        `DELETE FROM availability_commits WHERE recorded_at < $1 AND counter IS NOT NULL RETURNING xid, counter`,
        [before],
      );
      if (pruned.length === 0) return 0;
      await manager.query(`DELETE FROM availability_changes WHERE xid = ANY ($1::xid8[])`, [pruned.map((p) => p.xid)]);
      await manager.query(`UPDATE availability_counter SET pruned_through = greatest(pruned_through, $1)`, [pruned.reduce((most, p) => Math.max(most, Number(p.counter)), 0)]);
      return pruned.length;
    });
  }
}

interface RawRow {
  key: string;
  id: string;
  name: string;
  operator_code: string;
  operator_name: string;
  level: Level;
  department: string | null;
  category: ServiceCategory;
  audiences: Audience[];
  life_critical: boolean;
  url: string | null;
  line_hours: Hours | null;
  public_notice: string | null;
  successor_service_id: string | null;
  timeline: ServiceRow['timeline'];
  channels: ServiceRow['channels'];
}

function toServiceRow(r: RawRow): ServiceRow {
  return {
    key: r.key,
    id: r.id,
    name: r.name,
    operatorCode: r.operator_code,
    operatorName: r.operator_name,
    level: r.level,
    department: r.department,
    category: r.category,
    audiences: r.audiences,
    lifeCritical: r.life_critical,
    url: r.url,
    lineHours: r.line_hours,
    publicNotice: r.public_notice,
    successorServiceId: r.successor_service_id,
    timeline: r.timeline,
    channels: r.channels,
  };
}
