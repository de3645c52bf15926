import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FindingKind, Severity } from '../gaps/gap-rules';

export interface OpenFindingCount {
  kind: FindingKind;
  severity: Severity;
  count: number;
}

/** What the metrics read from PostgreSQL on a scrape: a few aggregate rows, never per request. */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open findings by kind and severity, in one statement (it reads the partial index of open findings). */
  async openFindings(): Promise<OpenFindingCount[]> {
    const rows: { kind: FindingKind; severity: Severity; count: number }[] = await this.dataSource.query(
      `SELECT kind, severity, count(*)::int AS count FROM findings WHERE resolved_at IS NULL GROUP BY kind, severity`,
    );
    return rows;
  }

  /**
   * Seconds since the oldest outbox row (evaluation_requests) still unprocessed was written;
   * 0 when there is none. Ids follow insertion, so the first pending id is the oldest row, read
   * from the partial index of pending rows.
   */
  async oldestUnprocessedOutboxAge(): Promise<number> {
    const [row]: { age: number }[] = await this.dataSource.query(
      `SELECT coalesce(extract(epoch FROM now() - (SELECT created_at FROM evaluation_requests WHERE processed_at IS NULL ORDER BY id LIMIT 1)), 0)::float8 AS age`,
    );
    return row.age;
  }
}
