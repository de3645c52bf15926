import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

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
import { CLOSED_REASONS } from '../../hours/opening';
import type { ClosedReasonCode } from '../../hours/opening';
import { VIEWS } from '../answer';
import type { Level } from '../availability.repository';
import { LEVELS } from '../service-index';
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


/** Why something is closed at the time asked (the reason of the Tokyo day it is closed on). */
export class ClosedReasonDto {
  @ApiProperty({ enum: CLOSED_REASONS, description: 'public_holiday: closed on public holidays (or not open on this one); closure: a closure such as 年末年始; outside_hours: outside its hours that day; season_over: it opens only in seasons or on special dates, and none holds that day.' })
  code: ClosedReasonCode;
  @ApiProperty({ nullable: true, type: String, example: '年末年始', description: 'The holiday\'s name (public_holiday) or the closure\'s label (closure, when it has one); else null.' })
  label: string | null;
}

/** An interval it is open, as Tokyo wall-clock times with their offset. */
export class OpenIntervalDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00+09:00', description: 'Opens (or the time asked, when already open then), to the second, +09:00.' }) from: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T17:00:00+09:00', description: 'Closes (or 7 days after the time asked, when still open then), to the second, +09:00.' }) to: string;
}

const NEXT_7_DAYS = 'The intervals it is open from the time asked to 7 days later, clipped to that window, in order, merged where they meet or overlap (across midnight too); `always` gives one interval over the window; null when its hours are not known (none, or days without times).';

/** What every view says of a channel valid at the time asked. */
export class ChannelStateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
  @ApiProperty({ nullable: true, type: String }) platform: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Empty when not known.' }) contact: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Null when its hours are not known (none, or days without times).' }) openNow: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether a new consultation can start now: false when closed, and when open but past the last intake (最終受付); null when its hours are not known.' }) acceptingNew: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it closes, if open (ranges that meet merged, across midnight too); null when it does not close within about a year.' }) closesAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it next opens, if closed (within about a year).' }) nextOpenAt: string | null;
  @ApiProperty({ type: ClosedReasonDto, nullable: true, description: 'Why it is closed; null when open or its hours are not known.' }) closedReason: ClosedReasonDto | null;
}

export class ChannelAvailabilityDto extends ChannelStateDto {
  @ApiProperty() contactKnown: boolean;
  @ApiProperty({ type: Object, nullable: true }) hours: Hours | null;
  @ApiProperty({ type: [OpenIntervalDto], nullable: true, description: NEXT_7_DAYS }) next7Days: OpenIntervalDto[] | null;
}

/** The compact view (the default): what a person acts on; hours by their position in `hours`. */
export class CompactChannelDto extends ChannelStateDto {
  @ApiProperty({ nullable: true, type: Integer, description: 'Position of its hours in the answer\'s `hours` and `next7Days`; null when not known.' }) hours: number | null;
}

/** What every view says of LINE at the time asked. */
class LineStateDto {
  @ApiProperty({ description: 'Active at that time and within its LINE hours (or hours unknown but active).' }) usable: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Within its LINE hours; null when they are not known.' }) withinHours: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether a new consultation can start on LINE now (false past the last intake, 最終受付), if active; null when not active or its LINE hours are not known.' }) acceptingNew: boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When LINE next opens, if active and closed.' }) nextOpenAt: string | null;
  @ApiProperty({ type: ClosedReasonDto, nullable: true, description: 'Why LINE is closed, if active and closed; null otherwise.' }) closedReason: ClosedReasonDto | null;
}

export class LineAvailabilityDto extends LineStateDto {
  @ApiProperty({ type: Object, nullable: true }) hours: Hours | null;
  @ApiProperty({ type: [OpenIntervalDto], nullable: true, description: `${NEXT_7_DAYS} Those of its LINE hours, whatever the status.` }) next7Days: OpenIntervalDto[] | null;
}

export class CompactLineDto extends LineStateDto {
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When LINE closes, if active and open.' }) closesAt: string | null;
  @ApiProperty({ nullable: true, type: Integer, description: 'Position of its hours in the answer\'s `hours` and `next7Days`; null when not known.' }) hours: number | null;
}

/** A service as every list of a place's services names it. */
class PlaceServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() operatorCode: string;
  @ApiProperty() operatorName: string;
  @ApiProperty({ enum: LEVELS, description: 'Whose service it is, seen from the place: municipality (the place, or its city for a ward), prefecture, national (a national body), organization (an organisation covering the place, or the whole country).' }) level: Level;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) category: ServiceCategory;
  @ApiProperty() lifeCritical: boolean;
}

/** A service in an availability answer, whatever the view. */
class ServiceStateDto extends PlaceServiceDto {
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'LINE相談はしばらくお休みします。お電話かメールでご相談ください', description: 'The service\'s short public notice in Japanese, as its operator words it; null when it has none.' }) publicNotice: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'For a discontinued service: the service that replaced it (GET /v1/services/{id}); else null.' }) successorServiceId: string | null;
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

@ApiExtraModels(OpenIntervalDto)
export class AvailabilityDto extends AnswerHeadDto {
  @ApiProperty({ type: [CompactServiceAvailabilityDto], description: 'Services with something open first; life-critical consultation first among them.' })
  services: CompactServiceAvailabilityDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'The distinct hours of this answer, referred to by position.' }) hours: Hours[];
  @ApiProperty({
    type: 'array',
    items: { type: 'array', nullable: true, items: { $ref: getSchemaPath(OpenIntervalDto) } },
    description: `Aligned with \`hours\`: entry i is what hours i give for the next 7 days, so a channel's or LINE's \`hours\` position indexes both. ${NEXT_7_DAYS}`,
  })
  next7Days: (OpenIntervalDto[] | null)[];
}

export class ScopeServiceDto extends PlaceServiceDto {
  @ApiProperty({ enum: AUDIENCES, isArray: true }) audiences: Audience[];
  @ApiProperty({ enum: SERVICE_STATUSES, nullable: true }) status: ServiceStatus | null;
}

export class ScopeDto {
  @ApiProperty({ type: PlaceDto }) place: PlaceDto;
  @ApiProperty({ type: [ScopeServiceDto] }) items: ScopeServiceDto[];
}
