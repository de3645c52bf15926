import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { claimCountsSql, recountSql } from './report-counts.sql';

/**
 * The report_counts table: the figures of the report for now, per operator, kept by the
 * transactions that change them (the API's writes, imports, the seed, the engine's
 * evaluations and sweep). The reports read it (ReportsRepository).
 */
@Injectable()
export class ReportCountsRepository {
  /**
   * Recounts, in the caller's transaction, the operators of the services in scope
   * (`= ANY($1::uuid[])` with `params`), or every operator (null): takes their rows (or, for
   * all of them, the table: other writers wait, readers do not) until the commit, then counts
   * them as the transaction leaves them. Call it after the transaction's changes.
   */
  async recount(manager: EntityManager, scope: string | null, params: unknown[]): Promise<void> {
    if (scope === null) await manager.query(`LOCK TABLE report_counts IN SHARE ROW EXCLUSIVE MODE`);
    else await manager.query(claimCountsSql(scope), params);
    await manager.query(recountSql(scope), params);
  }
}
