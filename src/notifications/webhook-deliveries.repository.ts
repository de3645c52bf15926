import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deliveryPageSql } from './notifications.sql';
import type { OwnedSubscription } from './webhook-subscriptions.repository';

/** One attempt of a delivery, with the type of its event. */
export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  succeeded: boolean;
  attempted_at: Date;
}

/** What one attempt to deliver an event to a subscriber came to. */
export interface DeliveryAttempt {
  subscriptionId: string;
  eventId: string;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
}

/** The `webhook_deliveries` table: the log of every delivery attempt. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(attempt: DeliveryAttempt): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, status_code, duration_ms, error, succeeded) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [attempt.subscriptionId, attempt.eventId, attempt.attempt, attempt.statusCode, attempt.durationMs, attempt.error, attempt.succeeded],
    );
  }

  /**
   * Up to `rows` attempts of a subscription, oldest first, after the delivery id `afterId` if
   * given. Only of a subscription the caller owns (`WebhookSubscriptionsRepository.findOwned`):
   * the log holds the subscriber's endpoint's answers.
   */
  page(subscription: OwnedSubscription, rows: number, afterId?: string | number): Promise<DeliveryRow[]> {
    return this.dataSource.query(deliveryPageSql(afterId !== undefined), afterId !== undefined ? [subscription.id, rows, afterId] : [subscription.id, rows]);
  }
}
