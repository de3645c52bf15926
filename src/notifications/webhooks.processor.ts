import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { type JobOf, JobName, jobIds, type NamedJob, type ProducerQueue, QueueName, unknownJob, workerTimings } from '../jobs/jobs';
import { sign } from './signature';
import { webhookUrlProblem } from './url-guard';

interface EventRow {
  id: string;
  type: string;
  occurred_at: Date;
  prefecture_code: string | null;
  category: string | null;
  data: unknown;
}

/** Fans events out to subscriptions and delivers them, signed, with retries and a log. */
@Processor(QueueName.Webhooks, { concurrency: 8, ...workerTimings() })
export class WebhooksProcessor extends WorkerHost {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Webhooks) private readonly queue: ProducerQueue<QueueName.Webhooks>,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** Connection errors while Redis is away: BullMQ reconnects by itself; the relay catches up. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.debug(`${error.message}`);
  }

  async process(job: JobOf<QueueName.Webhooks>): Promise<unknown> {
    if (job.name === JobName.Dispatch) return this.dispatch(job.data.eventId);
    if (job.name === JobName.Deliver) return this.deliver(job);
    throw unknownJob(QueueName.Webhooks, job);
  }

  private async dispatch(eventId: string) {
    const [event]: EventRow[] = await this.dataSource.query(`SELECT id, type, prefecture_code, category FROM events WHERE id = $1`, [eventId]);
    if (!event) return { subscriptions: 0 };
    const subscriptions: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM webhook_subscriptions
        WHERE status = 'active' AND $1 = ANY (event_types)
          AND (prefecture_codes IS NULL OR $2 = ANY (prefecture_codes))
          AND (categories IS NULL OR $3 = ANY (categories))`,
      [event.type, event.prefecture_code, event.category],
    );
    await this.queue.addBulk(
      subscriptions.map((s) => ({
        name: JobName.Deliver,
        data: { eventId, subscriptionId: s.id },
        opts: {
          jobId: jobIds.deliver(eventId, s.id),
          attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.config.WEBHOOK_BACKOFF_MS },
        },
      })),
    );
    await this.dataSource.query(`UPDATE events SET dispatched_at = now() WHERE id = $1 AND dispatched_at IS NULL`, [eventId]);
    return { subscriptions: subscriptions.length };
  }

  private async deliver(job: NamedJob<JobName.Deliver>) {
    const { eventId, subscriptionId } = job.data;
    const [subscription] = await this.dataSource.query(`SELECT url, secret, status FROM webhook_subscriptions WHERE id = $1`, [subscriptionId]);
    const [event]: EventRow[] = await this.dataSource.query(`SELECT id, type, occurred_at, data FROM events WHERE id = $1`, [eventId]);
    if (!subscription || !event || subscription.status !== 'active') return { skipped: true };

    const attempt = job.attemptsMade + 1;
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurred_at.toISOString(), data: event.data });
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    const refused = await webhookUrlProblem(subscription.url, this.config.WEBHOOK_ALLOW_PRIVATE);
    if (refused) {
      error = `url ${refused}`;
    } else {
      try {
        const response = await fetch(subscription.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'line-continuity-tracker-webhooks/1',
            'x-tracker-event': event.type,
            'x-tracker-delivery': `${event.id}:${subscriptionId}`,
            'x-tracker-timestamp': timestamp,
            'x-tracker-signature': sign(subscription.secret, timestamp, body),
          },
          body,
        });
        statusCode = response.status;
        await response.body?.cancel();
        if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
      } catch (e) {
        error = (e as Error).name === 'TimeoutError' ? `no answer in ${this.config.WEBHOOK_TIMEOUT_MS} ms` : (e as Error).message;
      }
    }
    const succeeded = error === null;
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, status_code, duration_ms, error, succeeded) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [subscriptionId, eventId, attempt, statusCode, Date.now() - started, error?.slice(0, 500) ?? null, succeeded],
    );
    if (succeeded) {
      await this.dataSource.query(`UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [subscriptionId]);
      return { statusCode };
    }
    if (attempt >= (job.opts.attempts ?? 1)) await this.recordFailedDelivery(subscriptionId);
    throw new Error(error!);
  }

  /** After a delivery failed every attempt; enough of those in a row pause the subscription. */
  private async recordFailedDelivery(subscriptionId: string): Promise<void> {
    const [[row]] = await this.dataSource.query(
      `UPDATE webhook_subscriptions
          SET consecutive_failures = consecutive_failures + 1,
              status = CASE WHEN consecutive_failures + 1 >= $2 THEN 'paused' ELSE status END,
              paused_at = CASE WHEN consecutive_failures + 1 >= $2 AND paused_at IS NULL THEN now() ELSE paused_at END
        WHERE id = $1 AND status = 'active' RETURNING status`,
      [subscriptionId, this.config.WEBHOOK_PAUSE_AFTER],
    );
    if (row?.status === 'paused') this.logger.warn(`webhook ${subscriptionId} paused after ${this.config.WEBHOOK_PAUSE_AFTER} failed deliveries`);
  }
}
