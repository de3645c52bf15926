import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../access/actor';
import { fieldError, forbidden, notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { updateReturning } from '../database/query';
import { CreatedWebhookDto, CreateWebhookDto, DeliveryDto, DeliveryQuery, WebhookDto, WebhookListDto } from './dto/webhook.dto';
import { newWebhookSecret } from './signature';
import { webhookUrlProblem } from './url-guard';

interface SubscriptionRow {
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

interface DeliveryRow {
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

const COLUMNS = `id, token_id, url, event_types, prefecture_codes, categories, status, consecutive_failures, paused_at, created_at`;

@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const problem = await webhookUrlProblem(dto.url, this.config.WEBHOOK_ALLOW_PRIVATE);
    if (problem) throw fieldError('url', problem);
    const secret = newWebhookSecret();
    const [row]: SubscriptionRow[] = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions (token_id, url, secret, event_types, prefecture_codes, categories)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [actor.tokenId, dto.url, secret, dto.events, dto.prefectureCodes ?? null, dto.categories ?? null],
    );
    return { ...toWebhookDto(row), secret };
  }

  async list(actor: Actor): Promise<WebhookListDto> {
    const rows: SubscriptionRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE token_id = $1 ORDER BY created_at, id`, [actor.tokenId]);
    return { items: rows.map(toWebhookDto) };
  }

  async deliveries(actor: Actor, id: string, query: DeliveryQuery): Promise<Page<DeliveryDto>> {
    await this.ownedBy(actor, id, true);
    const [afterId] = decodeCursor(query.cursor, ['id']) ?? [];
    const limit = query.limit ?? 100;
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id::text, d.event_id, e.type AS event_type, d.attempt, d.status_code, d.duration_ms, d.error, d.succeeded, d.attempted_at
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.subscription_id = $1 ${afterId !== undefined ? 'AND d.id > $3' : ''}
        ORDER BY d.id LIMIT $2`,
      afterId !== undefined ? [id, limit + 1, afterId] : [id, limit + 1],
    );
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
    await this.ownedBy(actor, id, false);
    const [row] = await updateReturning<SubscriptionRow>(
      this.dataSource,
      `UPDATE webhook_subscriptions SET status = 'active', paused_at = NULL, consecutive_failures = 0 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return toWebhookDto(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.ownedBy(actor, id, false);
    await this.dataSource.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  /** A subscription is its creator's; the ministry may also read any delivery log. */
  private async ownedBy(actor: Actor, id: string, ministryMayRead: boolean): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT token_id FROM webhook_subscriptions WHERE id = $1`, [id]);
    if (!row) throw notFound(`webhook ${id}`);
    if (row.token_id !== actor.tokenId && !(ministryMayRead && actor.role === 'ministry')) throw forbidden('this webhook belongs to another token');
  }
}

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
