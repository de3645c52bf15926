import { ApiProperty } from '@nestjs/swagger';
import { AUDIENCES, SERVICE_CATEGORIES, SERVICE_STATUSES } from '../../line-services/vocabulary';
import type { Audience, ServiceCategory, ServiceStatus } from '../../line-services/vocabulary';
import type { Level } from '../availability.repository';
import { LEVELS } from '../service-index';
import type { SuggestedAlternative, SuggestedChannel, SuggestedLine } from '../suggestions';
import { ChannelStateDto, ClosedReasonDto } from './availability.dto';

/** LINE of a suggested service: availability's compact view, without the hours position. */
export class SuggestedLineDto implements SuggestedLine {
  @ApiProperty({ description: 'Active at that time and within its LINE hours (or hours unknown but active).' }) usable: boolean;
  @ApiProperty({ nullable: true, type: Boolean }) withinHours: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) acceptingNew: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closesAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextOpenAt: string | null;
  @ApiProperty({ type: ClosedReasonDto, nullable: true }) closedReason: ClosedReasonDto | null;
}

/** A channel of a suggested service valid now: availability's compact view, without the hours position. */
export class SuggestedChannelDto extends ChannelStateDto implements SuggestedChannel {}

export class SuggestedAlternativeDto implements SuggestedAlternative {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Its short public notice in Japanese, as availability shows it; null when it has none.' }) publicNotice: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'For a discontinued service: the service that replaced it.' }) successorServiceId: string | null;
  @ApiProperty() operatorCode: string;
  @ApiProperty() operatorName: string;
  @ApiProperty({ enum: LEVELS }) level: Level;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) category: ServiceCategory;
  @ApiProperty({ enum: AUDIENCES, isArray: true }) audiences: Audience[];
  @ApiProperty() lifeCritical: boolean;
  @ApiProperty({ enum: SERVICE_STATUSES }) status: ServiceStatus;
  @ApiProperty({ description: 'LINE usable now, or a channel with a known contact open now.' }) openNow: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When LINE (if active) or a channel with a known contact next opens; null when open now.' }) nextOpening: string | null;
  @ApiProperty({ type: SuggestedLineDto }) line: SuggestedLineDto;
  @ApiProperty({ type: [SuggestedChannelDto], description: 'Fallback channels valid now.' }) channels: SuggestedChannelDto[];
}
