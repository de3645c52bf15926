import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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

/** The `events` table as the webhooks use it: they read events and mark them dispatched (events are recorded elsewhere, with their changes). */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
