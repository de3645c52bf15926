import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Hours } from '../hours/hours';
import type { ChannelKind } from '../line-services/contact';
import type { Audience, ServiceCategory, ServiceStatus } from '../line-services/vocabulary';
import type { LgKind } from '../local-governments/local-government.entity';

export type Level = 'municipality' | 'prefecture' | 'national';

export interface Place {
  code: string;
  name: string;
  kind: LgKind;
  prefectureCode: string;
  /** The local governments whose services reach a resident: the place, its city, its prefecture. */
  operators: { code: string; level: Level }[];
}

export interface ScopeService {
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
  /** Non-withdrawn changes, in timeline order (undated first). */
  timeline: { status: ServiceStatus; effectiveAt: number | null }[];
  channels: {
    id: string;
    kind: ChannelKind;
    platform: string | null;
    label: string;
    contact: string;
    hours: Hours | null;
    notes: string | null;
    validFrom: number | null;
    validUntil: number | null;
  }[];
}

/** Changes whenever any service in scope (or a national body's) is written: count and sum of versions. */
export type Signature = string;

@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findPlace(code: string): Promise<Place | null> {
    const [lg] = await this.dataSource.query(
      `SELECT lg.code, lg.name, lg.kind, lg.prefecture_code, lg.parent_code, city.kind AS parent_kind, pref.code AS prefecture_lg
         FROM local_governments lg
         LEFT JOIN local_governments city ON city.code = lg.parent_code
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

  async signature(operatorCodes: string[], manager = this.dataSource.manager): Promise<Signature> {
    const [row] = await manager.query(
      `SELECT count(*) AS n, coalesce(sum(version), 0) AS v FROM line_services WHERE operator_code = ANY ($1) OR national_body_code IS NOT NULL`,
      [operatorCodes],
    );
    return `${row.n}:${row.v}`;
  }

  /** Every service reaching the place, with its timeline and all its channels (evaluated later, at any time). */
  async load(place: Place): Promise<{ signature: Signature; services: ScopeService[] }> {
    const codes = place.operators.map((o) => o.code);
    const levelOf = new Map(place.operators.map((o) => [o.code, o.level]));
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const services = await manager.query(
        `SELECT s.id, s.name, s.operator_code, coalesce(lg.name, nb.name) AS operator_name, s.national_body_code IS NOT NULL AS national,
                s.department, s.category, s.audiences, s.life_critical, s.url, s.line_hours,
                coalesce((SELECT json_agg(json_build_object('status', sc.status, 'effectiveAt', extract(epoch FROM sc.effective_at) * 1000)
                                          ORDER BY sc.effective_at NULLS FIRST, sc.id)
                            FROM status_changes sc WHERE sc.service_id = s.id AND sc.withdrawn_at IS NULL), '[]') AS timeline,
                coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'platform', c.platform, 'label', c.label, 'contact', c.contact,
                                                            'hours', c.hours, 'notes', c.notes,
                                                            'validFrom', extract(epoch FROM c.valid_from) * 1000,
                                                            'validUntil', extract(epoch FROM c.valid_until) * 1000) ORDER BY c.created_at, c.id)
                            FROM fallback_channels c WHERE c.service_id = s.id), '[]') AS channels
           FROM line_services s
           LEFT JOIN local_governments lg ON lg.code = s.local_government_code
           LEFT JOIN national_bodies nb ON nb.code = s.national_body_code
          WHERE s.operator_code = ANY ($1) OR s.national_body_code IS NOT NULL`,
        [codes],
      );
      const signature = await this.signature(codes, manager);
      return {
        signature,
        services: services.map((s: Record<string, never>) => ({
          id: s.id,
          name: s.name,
          operatorCode: s.operator_code,
          operatorName: s.operator_name,
          level: s.national ? 'national' : (levelOf.get(s.operator_code) ?? 'municipality'),
          department: s.department,
          category: s.category,
          audiences: s.audiences,
          lifeCritical: s.life_critical,
          url: s.url,
          lineHours: s.line_hours,
          timeline: s.timeline,
          channels: s.channels,
        })),
      };
    });
  }
}
