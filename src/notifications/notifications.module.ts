import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AvailabilityCoreModule } from '../availability/availability.module';
import { EventsRepository } from './events.repository';
import { WebhookResolver } from './url-guard';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

/** The API side: webhook subscriptions and their delivery logs. */
@Module({
  imports: [AccessModule],
  controllers: [WebhooksController],
  providers: [WebhookSubscriptionsRepository, WebhookDeliveriesRepository, WebhooksService, WebhookResolver],
})
export class NotificationsModule {}

/**
 * The worker side: dispatch and delivery. The availability core is for the suggested
 * alternatives of gap events: its index is built on the first such delivery, not at start.
 */
@Module({ imports: [AvailabilityCoreModule], providers: [EventsRepository, WebhookSubscriptionsRepository, WebhookDeliveriesRepository, WebhooksProcessor, WebhookResolver] })
export class NotificationsWorkerModule {}
