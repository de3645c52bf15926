import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const Integer = 'integer';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCleanText } from '../../common/text';
import { IsInstant } from '../../common/time';
import { IsLgCode } from '../../common/validators';
import { CHANNEL_KINDS } from '../../line-services/contact';
import type { ChannelKind } from '../../line-services/contact';
import { AUDIENCES, SERVICE_CATEGORIES, SERVICE_STATUSES } from '../../line-services/vocabulary';
import type { Audience, ServiceCategory, ServiceStatus } from '../../line-services/vocabulary';
import type { Hours } from '../../hours/hours';
import { VIEWS } from '../answer';
import type { View } from '../answer';

/** Filters shared by the availability and the list of a place's services. */
export class ScopeQuery {
  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES })
  @IsOptional()
  @IsIn(SERVICE_CATEGORIES)
  category?: ServiceCategory;

  @ApiPropertyOptional({ enum: AUDIENCES })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: Audience;
}

export class AvailabilityQuery extends ScopeQuery {
  @ApiProperty({ example: '011011', description: 'Where the person is: a local-government code (a designated-city ward resolves to its city).' })
  @IsLgCode()
  localGovernment: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When; default now. Evaluated in Asia/Tokyo.' })
  @IsOptional()
  @IsInstant()
  at?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'How many services, best first.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (the same place and time).' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsCleanText()
  cursor?: string;

  @ApiPropertyOptional({ enum: VIEWS, default: 'compact', description: 'compact: what a person acts on, hours given once in a table and referred to by position; full: every field, hours repeated in each service and channel.' })
  @IsOptional()
  @IsIn(VIEWS)
  view?: View;
}


/** What every view says of a channel valid at the time asked. */
class ChannelStateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
  @ApiProperty({ nullable: true, type: String }) platform: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Empty when not known.' }) contact: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Null when its hours are not known.' }) openNow: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closesAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it next opens, if closed (within a month).' }) nextOpenAt: string | null;
}

export class ChannelAvailabilityDto extends ChannelStateDto {
  @ApiProperty() contactKnown: boolean;
  @ApiProperty({ type: Object, nullable: true }) hours: Hours | null;
}

/** The compact view (the default): what a person acts on; hours by their position in `hours`. */
export class CompactChannelDto extends ChannelStateDto {
  @ApiProperty({ nullable: true, type: Integer, description: 'Position of its hours in the answer\'s `hours`; null when not known.' }) hours: number | null;
}

/** What every view says of LINE at the time asked. */
class LineStateDto {
  @ApiProperty({ description: 'Active at that time and within its LINE hours (or hours unknown but active).' }) usable: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Within its LINE hours; null when they are not known.' }) withinHours: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When LINE next opens, if active and closed.' }) nextOpenAt: string | null;
}

export class LineAvailabilityDto extends LineStateDto {
  @ApiProperty({ type: Object, nullable: true }) hours: Hours | null;
}

export class CompactLineDto extends LineStateDto {
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When LINE closes, if active and open.' }) closesAt: string | null;
  @ApiProperty({ nullable: true, type: Integer, description: 'Position of its hours in the answer\'s `hours`.' }) hours: number | null;
}

/** A service as every list of a place's services names it. */
class PlaceServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() operatorCode: string;
  @ApiProperty() operatorName: string;
  @ApiProperty({ enum: ['municipality', 'prefecture', 'national'] }) level: 'municipality' | 'prefecture' | 'national';
  @ApiProperty({ enum: SERVICE_CATEGORIES }) category: ServiceCategory;
  @ApiProperty() lifeCritical: boolean;
}

/** A service in an availability answer, whatever the view. */
class ServiceStateDto extends PlaceServiceDto {
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ enum: SERVICE_STATUSES, description: 'Status at that time.' }) status: ServiceStatus;
  @ApiProperty({ description: 'LINE or at least one channel is open at that time.' }) somethingOpen: boolean;
}

export class FullServiceAvailabilityDto extends ServiceStateDto {
  @ApiProperty({ nullable: true, type: String }) department: string | null;
  @ApiProperty({ enum: AUDIENCES, isArray: true }) audiences: Audience[];
  @ApiProperty({ type: LineAvailabilityDto }) line: LineAvailabilityDto;
  @ApiProperty({ type: [ChannelAvailabilityDto], description: 'Fallback channels valid at that time.' }) channels: ChannelAvailabilityDto[];
}

export class CompactServiceAvailabilityDto extends ServiceStateDto {
  @ApiProperty({ type: CompactLineDto }) line: CompactLineDto;
  @ApiProperty({ type: [CompactChannelDto], description: 'Fallback channels valid at that time.' }) channels: CompactChannelDto[];
}

export class PlaceDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() kind: string;
  @ApiProperty() prefectureCode: string;
  @ApiProperty({ type: [String], description: 'Local governments whose services reach a resident.' }) operators: string[];
}

/** Where, when, and the paging: the same in every view. */
class AnswerHeadDto {
  @ApiProperty({ type: PlaceDto }) place: PlaceDto;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: '2026-11-23' }) tokyoDate: string;
  @ApiProperty({ nullable: true, type: String, example: '勤労感謝の日' }) publicHoliday: string | null;
  @ApiProperty({ description: 'How many services match in all.' }) total: number;
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class FullAvailabilityDto extends AnswerHeadDto {
  @ApiProperty({ type: [FullServiceAvailabilityDto], description: 'Services with something open first; life-critical consultation first among them.' })
  services: FullServiceAvailabilityDto[];
}

export class AvailabilityDto extends AnswerHeadDto {
  @ApiProperty({ type: [CompactServiceAvailabilityDto], description: 'Services with something open first; life-critical consultation first among them.' })
  services: CompactServiceAvailabilityDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'The distinct hours of this answer, referred to by position.' }) hours: Hours[];
}

export class ScopeServiceDto extends PlaceServiceDto {
  @ApiProperty({ enum: AUDIENCES, isArray: true }) audiences: Audience[];
  @ApiProperty({ enum: SERVICE_STATUSES, nullable: true }) status: ServiceStatus | null;
}

export class ScopeDto {
  @ApiProperty({ type: PlaceDto }) place: PlaceDto;
  @ApiProperty({ type: [ScopeServiceDto] }) items: ScopeServiceDto[];
}
