import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

/** The API side: webhook subscriptions and their delivery logs. */
@Module({ imports: [AccessModule], controllers: [WebhooksController], providers: [WebhooksService] })
export class NotificationsModule {}

/** The worker side: dispatch and delivery. */
@Module({ providers: [WebhooksProcessor] })
export class NotificationsWorkerModule {}
