import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsUUID, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsText } from '../../common/text';
import { IsInstant } from '../../common/time';
import { IsHttpUrl, IsOperatorCode, IsOptionalNonNull, OptionalPrefectureCode } from '../../common/validators';
import { IsHours } from '../../hours/hours';
import type { Hours } from '../../hours/hours';
import { OpeningHoursInput } from '../../hours/opening-hours-input';
import { AUDIENCES, CONVERSATION_DATA_STORAGE, SERVICE_CATEGORIES, SERVICE_STATUSES } from '../vocabulary';
import type { Audience, ConversationDataStorage, ServiceCategory, ServiceStatus } from '../vocabulary';
import { CHANNEL_KINDS } from '../contact';
import type { ChannelKind } from '../contact';
import { IsCalendarDate } from '../../common/validators';
import { FallbackChannelDto } from './fallback-channel.dto';
import { GapDto } from '../../gaps/dto/gap.dto';
import { CreateStatusChangeDto, StatusChangeDto } from './status-change.dto';

const LINE_HOURS_DOC = {
  type: Object,
  nullable: true,
  description: 'When people can reach the service on LINE (Asia/Tokyo); same shape as a fallback channel\'s hours, {"openingHours": "…"} included. Null: not known.',
  example: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '17:00', end: '21:00' }] },
} as const;

const NAME_DOC = 'The name in Japanese: the proper name where the service has one, else a short description in the source\'s own terms. Unique per operator.';
const NAME_EN_DOC = 'An English rendering of the name, for readers who need one; optional.';

const PUBLIC_NOTICE_DOC = {
  maxLength: 500,
  nullable: true,
  example: 'LINE相談はしばらくお休みします。お電話かメールでご相談ください',
  description: 'A short public notice in Japanese, shown by availability and by the pages (as the LINE screens of 2021 said). Changes are audited. Null clears it.',
} as const;
const SUCCESSOR_DOC = { format: 'uuid', nullable: true, description: 'The service that replaced this one (for a discontinued service): its page and API answer point there. Null clears it.' } as const;
const CONFIDENTIAL_DOC = { nullable: true, description: 'Handles confidential information (the criterion of the 29 March 2021 decision); null: not known.' } as const;
const STORAGE_DOC = {
  enum: CONVERSATION_DATA_STORAGE,
  description: 'Where conversation data is stored: on LINE\'s servers, in the operator\'s (or its partner\'s) own system in Japan via the Messaging API, overseas, or unknown (the default).',
} as const;
const TRANSITION_DOC = {
  nullable: true,
  description: 'A switch-first plan: what the service moves to and the planned switch and stop dates (Tokyo days). A stop dated before the switch raises impending_no_alternative (reason stop_before_switch). Null clears it.',
} as const;

/** A switch-first plan, as written. */
export class TransitionInput {
  @ApiProperty({ enum: CHANNEL_KINDS, description: 'The kind of channel the service moves to (chat_platform for another chat platform).' })
  @IsIn(CHANNEL_KINDS)
  toKind: ChannelKind;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, example: 'Webチャット', description: 'The platform or channel by name.' })
  @IsOptional()
  @IsText(100)
  @MinLength(1)
  toPlatform?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, example: '2021-04-01', description: 'Planned day of the switch (Asia/Tokyo).' })
  @IsOptional()
  @IsCalendarDate()
  switchOn?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, example: '2021-04-15', description: 'Planned day the LINE service stops (Asia/Tokyo).' })
  @IsOptional()
  @IsCalendarDate()
  stopOn?: string | null;
}

/** A switch-first plan, as the API answers it. */
export class TransitionDto {
  @ApiProperty({ enum: CHANNEL_KINDS }) toKind: ChannelKind;
  @ApiProperty({ nullable: true, type: String }) toPlatform: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) switchOn: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) stopOn: string | null;
}

export class ServiceLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/**
 * What people are told and what comes next, and the data-handling facts: written the same
 * way on create and on PATCH (null clears each but the storage, whose "not known" is `unknown`).
 */
export class ServiceRecordInput {
  @ApiPropertyOptional(PUBLIC_NOTICE_DOC)
  @IsOptional()
  @IsText(500)
  @MinLength(1)
  publicNotice?: string | null;

  @ApiPropertyOptional(SUCCESSOR_DOC)
  @IsOptional()
  @IsUUID()
  successorServiceId?: string | null;

  @ApiPropertyOptional({ type: TransitionInput, ...TRANSITION_DOC })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransitionInput)
  // Null clears it (IsOptional lets null through); typed without it so that the metadata names the class.
  transition?: TransitionInput;

  @ApiPropertyOptional(CONFIDENTIAL_DOC)
  @IsOptional()
  @IsBoolean()
  handlesConfidentialData?: boolean | null;

  @ApiPropertyOptional(STORAGE_DOC)
  @IsOptionalNonNull()
  @IsIn(CONVERSATION_DATA_STORAGE)
  conversationDataStorage?: ConversationDataStorage;
}

export class CreateLineServiceDto extends ServiceRecordInput {
  @ApiProperty({ example: '011002', description: 'Local-government code (with check digit), national body code, or organisation code.' })
  @IsOperatorCode()
  operatorCode: string;

  @ApiProperty({ example: '子どもの悩み相談', maxLength: 200, description: NAME_DOC })
  @IsText(200)
  @MinLength(1)
  name: string;

  @ApiPropertyOptional({ example: "Children's worries consultation", maxLength: 200, nullable: true, description: NAME_EN_DOC })
  @IsOptional()
  @IsText(200)
  @MinLength(1)
  nameEn?: string | null;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsText(200)
  department?: string | null;

  @ApiProperty({ enum: SERVICE_CATEGORIES })
  @IsIn(SERVICE_CATEGORIES)
  category: ServiceCategory;

  @ApiProperty({ enum: AUDIENCES, isArray: true })
  @IsArray()
  @ArrayMaxSize(AUDIENCES.length)
  @ArrayUnique()
  @IsIn(AUDIENCES, { each: true })
  audiences: Audience[];

  @ApiProperty()
  @IsBoolean()
  handlesPersonalData: boolean;

  @ApiPropertyOptional({ default: false, description: 'Suicide prevention and the like.' })
  @IsOptional()
  @IsBoolean()
  lifeCritical?: boolean;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsText(4000, { multiline: true })
  description?: string | null;

  @ApiPropertyOptional({ description: 'Public page of the service.' })
  @IsOptional()
  @IsHttpUrl()
  url?: string | null;

  @ApiPropertyOptional(LINE_HOURS_DOC)
  @IsOptional()
  @OpeningHoursInput()
  @IsHours()
  lineHours?: Hours | null;

  @ApiPropertyOptional({ type: CreateStatusChangeDto, description: 'First entry of the timeline; default: active from now.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CreateStatusChangeDto)
  initialStatus?: CreateStatusChangeDto;
}

export class UpdateLineServiceDto extends ServiceRecordInput {
  @ApiPropertyOptional({ maxLength: 200, description: NAME_DOC })
  @IsOptionalNonNull()
  @IsText(200)
  @MinLength(1)
  name?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, description: `${NAME_EN_DOC} Null clears it.` })
  @IsOptional()
  @IsText(200)
  @MinLength(1)
  nameEn?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText(200)
  department?: string | null;

  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES })
  @IsOptionalNonNull()
  @IsIn(SERVICE_CATEGORIES)
  category?: ServiceCategory;

  @ApiPropertyOptional({ enum: AUDIENCES, isArray: true })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(AUDIENCES.length)
  @ArrayUnique()
  @IsIn(AUDIENCES, { each: true })
  audiences?: Audience[];

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  handlesPersonalData?: boolean;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  lifeCritical?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText(4000, { multiline: true })
  description?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsHttpUrl()
  url?: string | null;

  @ApiPropertyOptional(LINE_HOURS_DOC)
  @IsOptional()
  @OpeningHoursInput()
  @IsHours()
  lineHours?: Hours | null;
}

export class LineServiceQuery extends PageQuery {
  @ApiPropertyOptional({ example: '011002', description: 'Operator: local-government code or national body code.' })
  @IsOptional()
  @IsOperatorCode()
  operator?: string;

  @OptionalPrefectureCode({ example: '27', description: 'Services of this prefecture and its municipalities.' })
  prefecture?: string;

  @ApiPropertyOptional({ enum: SERVICE_STATUSES })
  @IsOptional()
  @IsIn(SERVICE_STATUSES)
  status?: ServiceStatus;

  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES })
  @IsOptional()
  @IsIn(SERVICE_CATEGORIES)
  category?: ServiceCategory;

  @ApiPropertyOptional({ enum: AUDIENCES })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: Audience;

  @ApiPropertyOptional({ description: 'Part of the name (Japanese or English), department or description.' })
  @IsOptional()
  @IsText(100)
  @MinLength(1)
  q?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only services changed after this time.' })
  @IsOptional()
  @IsInstant()
  modifiedAfter?: string;

  @ApiPropertyOptional({ enum: ['createdAt', 'updatedAt', 'name'], default: 'createdAt' })
  @IsOptional()
  @IsIn(['createdAt', 'updatedAt', 'name'])
  sort?: 'createdAt' | 'updatedAt' | 'name';

  @ApiPropertyOptional({ description: 'true: only services with an open no_alternative or impending_no_alternative finding; false: only those without.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  hasOpenGap?: boolean;
}

export class LineServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '011002' }) operatorCode: string;
  @ApiProperty({ enum: ['local_government', 'national_body', 'organization'] }) operatorType: 'local_government' | 'national_body' | 'organization';
  @ApiProperty({ example: '札幌市' }) operatorName: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for national bodies and organisations.' }) prefectureCode: string | null;
  @ApiProperty({ description: NAME_DOC }) name: string;
  @ApiProperty({ nullable: true, type: String, description: NAME_EN_DOC }) nameEn: string | null;
  @ApiProperty({ nullable: true, type: String }) department: string | null;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) category: ServiceCategory;
  @ApiProperty({ enum: AUDIENCES, isArray: true }) audiences: Audience[];
  @ApiProperty() handlesPersonalData: boolean;
  @ApiProperty() lifeCritical: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: CONFIDENTIAL_DOC.description }) handlesConfidentialData: boolean | null;
  @ApiProperty(STORAGE_DOC) conversationDataStorage: ConversationDataStorage;
  @ApiProperty({ nullable: true, type: String, description: PUBLIC_NOTICE_DOC.description }) publicNotice: string | null;
  @ApiProperty({ nullable: true, type: TransitionDto, description: TRANSITION_DOC.description }) transition: TransitionDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: SUCCESSOR_DOC.description }) successorServiceId: string | null;
  @ApiProperty({ nullable: true, type: ServiceLinkDto, description: 'The successor, by id and name.' }) successor: ServiceLinkDto | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty(LINE_HOURS_DOC) lineHours: Hours | null;
  @ApiProperty({ enum: SERVICE_STATUSES, nullable: true, description: 'The latest status change in effect; null before the first takes effect.' }) currentStatus: ServiceStatus | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) currentStatusSince: string | null;
  @ApiProperty({ description: 'Also the ETag; send it back in If-Match.' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the service or its children were last edited.' }) updatedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When someone last confirmed the service and its channels as they stand (POST /v1/services/:id/verifications); kept apart from edits.' })
  lastVerifiedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who did (the token\'s name).' }) lastVerifiedBy: string | null;
  @ApiProperty({ type: [FallbackChannelDto], description: 'Channels valid now or later.' }) fallbackChannels: FallbackChannelDto[];
  @ApiProperty({ type: [StatusChangeDto], description: 'Status timeline, oldest first.' }) timeline: StatusChangeDto[];
  @ApiProperty({ type: [GapDto], description: 'Open findings of the continuity engine.' }) openGaps: GapDto[];
}

export class LineServicePageDto {
  @ApiProperty({ type: [LineServiceDto] }) items: LineServiceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
