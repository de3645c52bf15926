import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The evaluation_requests table: the outbox. A write records, in its own transaction,
 * that a service's findings must be recomputed; the job that does it only makes it fast,
 * and the worker's relay finds what Redis lost.
 */
@Injectable()
export class EvaluationRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, serviceId: string): Promise<string> {
    const [{ id }] = await manager.query(`INSERT INTO evaluation_requests (service_id) VALUES ($1) RETURNING id::text`, [serviceId]);
    return id;
  }

  /** One request per service, in one statement (bulk imports). Returns service id → request id. */
  async insertMany(manager: EntityManager, serviceIds: string[]): Promise<Map<string, string>> {
    const rows: { service_id: string; id: string }[] = await manager.query(
      `INSERT INTO evaluation_requests (service_id) SELECT unnest($1::uuid[]) RETURNING service_id, id::text`,
      [serviceIds],
    );
    return new Map(rows.map((r) => [r.service_id, r.id]));
  }

  /** The newest unprocessed request of one service, or of every service; null if none. */
  async lastUnprocessed(manager: EntityManager, serviceId?: string): Promise<string | null> {
    const [{ last }] = serviceId
      ? await manager.query(`SELECT max(id)::text AS last FROM evaluation_requests WHERE service_id = $1 AND processed_at IS NULL`, [serviceId])
      : await manager.query(`SELECT max(id)::text AS last FROM evaluation_requests WHERE processed_at IS NULL`);
    return last;
  }

  /**
   * Marks processed what the evaluation just covered: requests up to `last` (of one service, or
   * all). Returns, per service, the seconds since its oldest request covered was written: how
   * long a finding this evaluation opened took to follow the change.
   */
  async markProcessed(manager: EntityManager, last: string, serviceId?: string): Promise<Map<string, number>> {
    const ofService = serviceId ? 'AND service_id = $2' : '';
    const rows: { service_id: string; waited: number }[] = await manager.query(
      `WITH done AS (
         UPDATE evaluation_requests SET processed_at = now() WHERE processed_at IS NULL AND id <= $1 ${ofService} RETURNING service_id, created_at
       )
       SELECT service_id, extract(epoch FROM statement_timestamp() - min(created_at))::float8 AS waited FROM done GROUP BY service_id`,
      serviceId ? [last, serviceId] : [last],
    );
    return new Map(rows.map((r) => [r.service_id, r.waited]));
  }

  /**
   * What the relay must re-enqueue: per service, its newest request left unprocessed for
   * over a second (the API enqueues right after commit; older means Redis lost it).
   */
  unprocessed(limit: number): Promise<{ service_id: string; last: string }[]> {
    return this.dataSource.query(
      `SELECT service_id, max(id)::text AS last FROM evaluation_requests
        WHERE processed_at IS NULL AND created_at < now() - interval '1 second'
        GROUP BY service_id LIMIT $1`,
      [limit],
    );
  }

  /** Processed requests are kept a day (for the fault tests' ground truth and for operators). */
  async purgeProcessed(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM evaluation_requests WHERE processed_at < now() - interval '1 day'`);
  }
}
