import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SqlFilter } from '../common/sql';
import { toIso } from '../common/time';
import { GapDto } from './dto/gap.dto';
import type { FindingKind, Severity } from './gap-rules';
import { reconcileSql } from './reconcile.sql';

/** A finding the reconciliation opened, re-rated or resolved. */
export interface ReconcileRow {
  change: 'opened' | 'changed' | 'resolved';
  id: string;
  service_id: string;
  kind: FindingKind;
  severity: Severity;
  previous_severity: Severity | null;
  details: Record<string, unknown>;
  resolution: string | null;
}


export interface FindingFilter {
  state: 'open' | 'resolved' | 'all';
  kind?: FindingKind;
  severity?: Severity;
  prefecture?: string;
  operator?: string;
  serviceIds?: string[];
  ids?: string[];
  /** Keyset: opened_at text and id of the last row seen. */
  after?: (string | number)[];
  limit?: number;
}

interface FindingRow {
  id: string;
  service_id: string;
  service_name: string;
  operator_code: string;
  operator_name: string;
  prefecture_code: string | null;
  kind: FindingKind;
  severity: Severity;
  details: Record<string, unknown>;
  opened_at: Date;
  opened_key: string;
  severity_changed_at: Date | null;
  resolved_at: Date | null;
  resolution: string | null;
  open_seconds: number;
}

/** The findings table: gaps, open and resolved. */
@Injectable()
export class FindingsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Reconciles the findings of the services in scope (`= ANY($1::uuid[])` with `params`,
   * or null for all) with what the gap rules say they should be now, set-based.
   */
  async reconcile(manager: EntityManager, scope: string | null, params: unknown[]): Promise<ReconcileRow[]> {
    // The sweep over every service without parallel workers (for this transaction only): with
    // them PostgreSQL aggregates the 250,000 channels in parallel, which on the 2 cores the
    // worker shares with the API measured 743 ms against 339 ms in one process.
    if (scope === null) await manager.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
    return manager.query(reconcileSql(scope, this.config.stalePolicy), params);
  }

  /** Newest first by opening time. */
  list(filter: FindingFilter): Promise<FindingRow[]> {
    const sql = new SqlFilter();
    if (filter.state === 'open') sql.where('f.resolved_at IS NULL');
    if (filter.state === 'resolved') sql.where('f.resolved_at IS NOT NULL');
    if (filter.kind) sql.where(`f.kind = ${sql.param(filter.kind)}`);
    if (filter.severity) sql.where(`f.severity = ${sql.param(filter.severity)}`);
    if (filter.prefecture) sql.where(`s.prefecture_code = ${sql.param(filter.prefecture)}`);
    if (filter.operator) sql.where(`s.operator_code = ${sql.param(filter.operator)}`);
    if (filter.serviceIds) sql.where(`f.service_id = ANY (${sql.param(filter.serviceIds)}::uuid[])`);
    if (filter.ids) sql.where(`f.id = ANY (${sql.param(filter.ids)}::uuid[])`);
    if (filter.after) sql.where(`(f.opened_at, f.id) < (${sql.param(filter.after[0])}::timestamptz, ${sql.param(filter.after[1])}::uuid)`);
    const limit = filter.limit ? `LIMIT ${sql.param(filter.limit)}` : '';
    return this.dataSource.query(
      `SELECT f.id, f.service_id, s.name AS service_name, s.operator_code, coalesce(lg.name, nb.name, org.name) AS operator_name, s.prefecture_code,
              f.kind, f.severity, f.details, f.opened_at, f.opened_at::text AS opened_key, f.severity_changed_at, f.resolved_at, f.resolution,
              extract(epoch FROM coalesce(f.resolved_at, now()) - f.opened_at)::int AS open_seconds
         FROM findings f
         JOIN line_services s ON s.id = f.service_id
         LEFT JOIN local_governments lg ON lg.code = s.local_government_code
         LEFT JOIN national_bodies nb ON nb.code = s.national_body_code
         LEFT JOIN organizations org ON org.code = s.organization_code
         ${sql.toSql()}
        ORDER BY f.opened_at DESC, f.id DESC ${limit}`,
      sql.params,
    );
  }
}

export function toGapDto(row: FindingRow): GapDto {
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    operatorCode: row.operator_code,
    operatorName: row.operator_name,
    prefectureCode: row.prefecture_code,
    kind: row.kind,
    severity: row.severity,
    state: row.resolved_at ? 'resolved' : 'open',
    openedAt: row.opened_at.toISOString(),
    severityChangedAt: toIso(row.severity_changed_at),
    resolvedAt: toIso(row.resolved_at),
    resolution: row.resolution,
    openSeconds: row.open_seconds,
    details: row.details,
  };
}

