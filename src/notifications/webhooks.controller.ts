import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor';
import { Authenticated, CurrentActor } from '../access/auth.guard';
import { UuidPipe } from '../common/params';
import { CreatedWebhookDto, CreateWebhookDto, DeliveryPageDto, DeliveryQuery, WebhookDto, WebhookListDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/** A subscription is its creating token's only: any other token's, of any role, is answered as an unknown id. */
const NOT_THIS_TOKENS = ApiNotFoundResponse({ description: 'No subscription of the calling token has this id (another token\'s is answered the same way).' });

@ApiTags('webhooks')
@Authenticated({ forbidden: false })
@Controller({ path: 'webhooks', version: '1' })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'The secret is in this answer only.' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto) { return this.webhooks.create(actor, dto); }

  @Get()
  @ApiOkResponse({ type: WebhookListDto, description: 'The calling token\'s subscriptions.' })
  list(@CurrentActor() actor: Actor) { return this.webhooks.list(actor); }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: DeliveryPageDto, description: 'Every attempt, oldest first.' })
  @NOT_THIS_TOKENS
  deliveries(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string, @Query() query: DeliveryQuery) { return this.webhooks.deliveries(actor, id, query); }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookDto, description: 'Re-activates a subscription that paused itself after repeated failures.' })
  @NOT_THIS_TOKENS
  resume(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string) { return this.webhooks.resume(actor, id); }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @NOT_THIS_TOKENS
  remove(@CurrentActor() actor: Actor, @Param('id', new UuidPipe()) id: string) { return this.webhooks.remove(actor, id); }
}
