import { Injectable } from '@nestjs/common';
import type { Actor } from '../access/actor';
import { fieldError, notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { CreatedWebhookDto, CreateWebhookDto, DeliveryDto, DeliveryQuery, WebhookDto, WebhookListDto } from './dto/webhook.dto';
import { newWebhookSecret } from './signature';
import { WebhookResolver, webhookUrlProblem } from './url-guard';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { type OwnedSubscription, type SubscriptionRow, WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

@Injectable()
export class WebhooksService {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveryLog: WebhookDeliveriesRepository,
    private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
  ) {}

  async create(actor: Actor, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const problem = await webhookUrlProblem(dto.url, this.config.WEBHOOK_ALLOW_PRIVATE, this.resolver);
    if (problem) throw fieldError('url', problem);
    const secret = newWebhookSecret();
    const row = await this.subscriptions.insert({
      tokenId: actor.tokenId,
      url: dto.url,
      secret,
      eventTypes: dto.events,
      prefectureCodes: dto.prefectureCodes ?? null,
      categories: dto.categories ?? null,
    });
    return { ...toWebhookDto(row), secret };
  }

  async list(actor: Actor): Promise<WebhookListDto> {
    const rows = await this.subscriptions.listByToken(actor.tokenId);
    return { items: rows.map(toWebhookDto) };
  }

  async deliveries(actor: Actor, id: string, query: DeliveryQuery): Promise<Page<DeliveryDto>> {
    const subscription = await this.owned(actor, id);
    const [afterId] = decodeCursor(query.cursor, ['id']) ?? [];
    const limit = query.limit ?? 100;
    const rows = await this.deliveryLog.page(subscription, limit + 1, afterId);
    return toPage(
      rows,
      limit,
      (r) => ({
        id: r.id,
        eventId: r.event_id,
        eventType: r.event_type,
        attempt: r.attempt,
        statusCode: r.status_code,
        durationMs: r.duration_ms,
        error: r.error,
        succeeded: r.succeeded,
        attemptedAt: r.attempted_at.toISOString(),
      }),
      (r) => [r.id],
    );
  }

  async resume(actor: Actor, id: string): Promise<WebhookDto> {
    const resumed = await this.subscriptions.resume(await this.owned(actor, id));
    if (!resumed) throw webhookNotFound(id);
    return toWebhookDto(resumed);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.subscriptions.delete(await this.owned(actor, id));
  }

  /**
   * A subscription and its delivery log are its creating token's only, whatever the role.
   * Anyone else gets the 404 of an id that does not exist, so an answer never tells that
   * another token's subscription exists.
   */
  private async owned(actor: Actor, id: string): Promise<OwnedSubscription> {
    const subscription = await this.subscriptions.findOwned(actor, id);
    if (!subscription) throw webhookNotFound(id);
    return subscription;
  }
}

/** The one answer for a subscription that is not the caller's, existing or not. */
const webhookNotFound = (id: string) => notFound(`webhook ${id}`);

function toWebhookDto(row: SubscriptionRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.event_types,
    prefectureCodes: row.prefecture_codes,
    categories: row.categories,
    status: row.status,
    consecutiveFailures: row.consecutive_failures,
    pausedAt: row.paused_at ? row.paused_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}
