import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
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

/** The worker side: dispatch and delivery. */
@Module({ providers: [EventsRepository, WebhookSubscriptionsRepository, WebhookDeliveriesRepository, WebhooksProcessor, WebhookResolver] })
export class NotificationsWorkerModule {}
