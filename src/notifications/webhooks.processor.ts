import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AvailabilityService } from '../availability/availability.service';
import { AppConfig } from '../config/app-config';
import type { FindingKind } from '../gaps/gap-rules';
import { hasAlternatives } from '../gaps/suggested-alternatives';
import { type JobOf, JobName, jobIds, type NamedJob, type ProducerQueue, QueueName, unknownJob, workerTimings } from '../jobs/jobs';
import { EventPayload, EventsRepository } from './events.repository';
import { sign } from './signature';
import { AddressRefusedError, NOT_PUBLIC, WebhookResolver } from './url-guard';
import { postWebhook } from './webhook-delivery';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

/** The finding events whose payload carries suggested alternatives (for the kinds of KINDS_WITH_ALTERNATIVES). */
const SUGGESTING_EVENTS = new Set(['gap.opened', 'gap.severity_changed']);

/** Fans events out to subscriptions and delivers them, signed, with retries and a log. */
@Processor(QueueName.Webhooks, { concurrency: 8, ...workerTimings() })
export class WebhooksProcessor extends WorkerHost {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly events: EventsRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    @InjectQueue(QueueName.Webhooks) private readonly queue: ProducerQueue<QueueName.Webhooks>,
    private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
    private readonly availability: AvailabilityService,
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
    const event = await this.events.routing(eventId);
    if (!event) return { subscriptions: 0 };
    const subscriptions = await this.subscriptions.activeFor(event);
    await this.queue.addBulk(
      subscriptions.map((subscriptionId) => ({
        name: JobName.Deliver,
        data: { eventId, subscriptionId },
        opts: {
          jobId: jobIds.deliver(eventId, subscriptionId),
          attempts: this.config.WEBHOOK_MAX_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.config.WEBHOOK_BACKOFF_MS },
        },
      })),
    );
    await this.events.markDispatched(eventId);
    return { subscriptions: subscriptions.length };
  }

  private async deliver(job: NamedJob<JobName.Deliver>) {
    const { eventId, subscriptionId } = job.data;
    const subscription = await this.subscriptions.deliveryTarget(subscriptionId);
    const event = await this.events.payload(eventId);
    if (!subscription || !event || subscription.status !== 'active') return { skipped: true };

    const attempt = job.attemptsMade + 1;
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurred_at.toISOString(), data: await this.withAlternatives(event) });
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      statusCode = await postWebhook({
        url: subscription.url,
        timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
        allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
        resolver: this.resolver,
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
      if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
    } catch (e) {
      error = (e as Error).message;
      if (e instanceof AddressRefusedError) {
        error = `url ${NOT_PUBLIC}: ${e.message}`;
        // Someone may be trying to reach our network through a webhook: worth an operator's look.
        this.logger.warn(`webhook ${subscriptionId} delivery refused: ${e.message}`);
      }
    }
    const succeeded = error === null;
    await this.deliveries.record({
      subscriptionId,
      eventId,
      attempt,
      statusCode,
      durationMs: Date.now() - started,
      error: error?.slice(0, 500) ?? null,
      succeeded,
    });
    if (succeeded) {
      await this.subscriptions.resetFailures(subscriptionId);
      return { statusCode };
    }
    if (attempt >= (job.opts.attempts ?? 1)) await this.recordFailedDelivery(subscriptionId);
    throw new Error(error!);
  }

  /**
   * A finding event that opens or re-rates a gap leaving people without a channel carries
   * the alternatives availability suggests as the delivery is made (each attempt anew): the
   * event stores what happened, not a list that would go stale in the outbox or the retries.
   */
  private async withAlternatives(event: EventPayload): Promise<unknown> {
    const data = event.data as { kind?: FindingKind; serviceId?: string };
    if (!SUGGESTING_EVENTS.has(event.type) || !data.kind || !data.serviceId || !hasAlternatives(data.kind, true)) return event.data;
    return { ...data, suggestedAlternatives: await this.availability.suggestAlternatives(data.serviceId) };
  }

  /** After a delivery failed every attempt; enough of those in a row pause the subscription. */
  private async recordFailedDelivery(subscriptionId: string): Promise<void> {
    const status = await this.subscriptions.recordFailedDelivery(subscriptionId, this.config.WEBHOOK_PAUSE_AFTER);
    if (status === 'paused') this.logger.warn(`webhook ${subscriptionId} paused after ${this.config.WEBHOOK_PAUSE_AFTER} failed deliveries`);
  }
}
