import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** What decides which subscriptions an event goes to. */
export interface EventRouting {
  id: string;
  type: string;
  prefecture_code: string | null;
  category: string | null;
}

/** What a delivery carries of an event. */
export interface EventPayload {
  id: string;
  type: string;
  occurred_at: Date;
  data: unknown;
}

/** An event about a service, to be recorded with the service's names for the webhooks. */
export interface NewServiceEvent {
  type: string;
  serviceId: string;
  data: Record<string, unknown>;
}

/**
 * The `events` table: what happened (findings opened, re-rated, resolved; a service's
 * status changed), fanned out to the webhooks. Status events are recorded by the
 * statement that changes the status (current-status.sql.ts), in the same transaction.
 */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the events in one statement, with each service's names; returns their ids. */
  async record(manager: EntityManager, events: NewServiceEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO events (type, service_id, prefecture_code, category, data)
       SELECT e.type, s.id, s.prefecture_code, s.category,
              e.data || jsonb_build_object('serviceId', s.id, 'serviceName', s.name, 'operatorCode', s.operator_code, 'prefectureCode', s.prefecture_code)
         FROM jsonb_to_recordset($1::jsonb) AS e(type text, "serviceId" uuid, data jsonb)
         JOIN line_services s ON s.id = e."serviceId"
       RETURNING id`,
      [JSON.stringify(events)],
    );
    return inserted.map((e) => e.id);
  }

  /** A service's events not yet fanned out (the API's, and any an earlier attempt left). */
  async undispatchedOf(serviceId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM events WHERE service_id = $1 AND dispatched_at IS NULL`, [serviceId]);
    return rows.map((row) => row.id);
  }

  /** Events left undispatched for over a second (Redis lost their jobs), oldest first. */
  async undispatched(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM events WHERE dispatched_at IS NULL AND occurred_at < now() - interval '1 second' ORDER BY occurred_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async routing(id: string): Promise<EventRouting | undefined> {
    const [event]: EventRouting[] = await this.dataSource.query(`SELECT id, type, prefecture_code, category FROM events WHERE id = $1`, [id]);
    return event;
  }

  async payload(id: string): Promise<EventPayload | undefined> {
    const [event]: EventPayload[] = await this.dataSource.query(`SELECT id, type, occurred_at, data FROM events WHERE id = $1`, [id]);
    return event;
  }

  /** The event has been fanned out (the relay stops offering it); the first time counts. */
  async markDispatched(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE events SET dispatched_at = now() WHERE id = $1 AND dispatched_at IS NULL`, [id]);
  }
}
