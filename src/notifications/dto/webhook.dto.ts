import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsHttpUrl, IsPrefectureCode } from '../../common/validators';
import { SERVICE_CATEGORIES } from '../../line-services/vocabulary';
import type { ServiceCategory } from '../../line-services/vocabulary';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://npo.example.jp/hooks/line-tracker' })
  @IsString()
  @IsHttpUrl()
  url: string;

  @ApiProperty({ enum: EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true })
  events: EventType[];

  @ApiPropertyOptional({ example: ['01', '27'], description: 'Only events of services in these prefectures (national bodies\' services have none).' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(47)
  @ArrayUnique()
  @IsPrefectureCode({ each: true })
  prefectureCodes?: string[];

  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SERVICE_CATEGORIES, { each: true })
  categories?: ServiceCategory[];
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) events: EventType[];
  @ApiProperty({ nullable: true, type: [String] }) prefectureCodes: string[] | null;
  @ApiProperty({ nullable: true, enum: SERVICE_CATEGORIES, isArray: true }) categories: ServiceCategory[] | null;
  @ApiProperty({ enum: ['active', 'paused'] }) status: 'active' | 'paused';
  @ApiProperty({ description: 'Deliveries in a row that failed every attempt.' }) consecutiveFailures: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) pausedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'Shown once. Deliveries are signed with it: X-Tracker-Signature = sha256=HMAC(secret, "<X-Tracker-Timestamp>.<body>").' })
  secret: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) items: WebhookDto[];
}

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty() attempt: number;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() succeeded: boolean;
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items: DeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DeliveryQuery extends PageQuery {}
