import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../access/actor';
import { updateReturning } from '../database/query';
import type { WebhookDto } from './dto/webhook.dto';

/** A subscription as the API shows it (never its secret). Every statement below that returns one lists these columns. */
export interface SubscriptionRow {
  id: string;
  token_id: string;
  url: string;
  event_types: WebhookDto['events'];
  prefecture_codes: string[] | null;
  categories: WebhookDto['categories'];
  status: 'active' | 'paused';
  consecutive_failures: number;
  paused_at: Date | null;
  created_at: Date;
}

declare const ownedByCaller: unique symbol;

/**
 * A subscription read by `findOwned`, hence the calling token's own. Only `findOwned` makes
 * one, and the statements that act on one subscription for the API (its delivery log, resume,
 * delete) take nothing else, so none of them can run without the ownership check.
 */
export type OwnedSubscription = SubscriptionRow & { readonly [ownedByCaller]: true };

export interface NewSubscription {
  tokenId: string;
  url: string;
  secret: string;
  eventTypes: WebhookDto['events'];
  prefectureCodes: string[] | null;
  categories: WebhookDto['categories'];
}

/** What a delivery needs of its subscription. */
export interface DeliveryTarget {
  url: string;
  secret: string;
  status: 'active' | 'paused';
}

/** The `webhook_subscriptions` table. */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(subscription: NewSubscription): Promise<SubscriptionRow> {
    const [row]: SubscriptionRow[] = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions (token_id, url, secret, event_types, prefecture_codes, categories)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, token_id, url, event_types, prefecture_codes, categories, status, consecutive_failures, paused_at, created_at`,
      [subscription.tokenId, subscription.url, subscription.secret, subscription.eventTypes, subscription.prefectureCodes, subscription.categories],
    );
    return row;
  }

  /** A token's subscriptions, oldest first. */
  listByToken(tokenId: string): Promise<SubscriptionRow[]> {
    return this.dataSource.query(
      `SELECT id, token_id, url, event_types, prefecture_codes, categories, status, consecutive_failures, paused_at, created_at
         FROM webhook_subscriptions WHERE token_id = $1 ORDER BY created_at, id`,
      [tokenId],
    );
  }

  /**
   * The ownership check of every endpoint that takes a subscription's id: the subscription if
   * the actor's token created it, otherwise undefined, whether it does not exist or is another
   * token's (the two are not told apart, and no role sees other tokens' subscriptions).
   */
  async findOwned(actor: Pick<Actor, 'tokenId'>, id: string): Promise<OwnedSubscription | undefined> {
    const [row]: OwnedSubscription[] = await this.dataSource.query(
      `SELECT id, token_id, url, event_types, prefecture_codes, categories, status, consecutive_failures, paused_at, created_at
         FROM webhook_subscriptions WHERE id = $1 AND token_id = $2`,
      [id, actor.tokenId],
    );
    return row;
  }

  /** Active again, its failures forgotten; undefined when it was deleted meanwhile. */
  async resume(subscription: OwnedSubscription): Promise<SubscriptionRow | undefined> {
    const [row] = await updateReturning<SubscriptionRow>(
      this.dataSource,
      `UPDATE webhook_subscriptions SET status = 'active', paused_at = NULL, consecutive_failures = 0 WHERE id = $1
       RETURNING id, token_id, url, event_types, prefecture_codes, categories, status, consecutive_failures, paused_at, created_at`,
      [subscription.id],
    );
    return row;
  }

  /** Deletes the subscription and, by cascade, its delivery log. */
  async delete(subscription: OwnedSubscription): Promise<void> {
    await this.dataSource.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [subscription.id]);
  }

  /** The active subscriptions that want an event of this type, prefecture and category. */
  async activeFor(event: { type: string; prefecture_code: string | null; category: string | null }): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM webhook_subscriptions
        WHERE status = 'active' AND $1 = ANY (event_types)
          AND (prefecture_codes IS NULL OR $2 = ANY (prefecture_codes))
          AND (categories IS NULL OR $3 = ANY (categories))`,
      [event.type, event.prefecture_code, event.category],
    );
    return rows.map((row) => row.id);
  }

  async deliveryTarget(id: string): Promise<DeliveryTarget | undefined> {
    const [row]: DeliveryTarget[] = await this.dataSource.query(`SELECT url, secret, status FROM webhook_subscriptions WHERE id = $1`, [id]);
    return row;
  }

  /** A delivery got through: the run of failures is over. */
  async resetFailures(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [id]);
  }

  /**
   * A delivery failed every attempt: one more failure in a row, and the subscription pauses
   * itself at `pauseAfter` of them. Returns its status after that, or undefined when it was
   * not active (or is gone).
   */
  async recordFailedDelivery(id: string, pauseAfter: number): Promise<'active' | 'paused' | undefined> {
    const [row] = await updateReturning<{ status: 'active' | 'paused' }>(
      this.dataSource,
      `UPDATE webhook_subscriptions
          SET consecutive_failures = consecutive_failures + 1,
              status = CASE WHEN consecutive_failures + 1 >= $2 THEN 'paused' ELSE status END,
              paused_at = CASE WHEN consecutive_failures + 1 >= $2 AND paused_at IS NULL THEN now() ELSE paused_at END
        WHERE id = $1 AND status = 'active' RETURNING status`,
      [id, pauseAfter],
    );
    return row?.status;
  }
}
