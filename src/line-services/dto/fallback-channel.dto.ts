import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, MinLength } from 'class-validator';
import { IsHours } from '../../hours/hours';
import type { Hours } from '../../hours/hours';
import { OpeningHoursInput } from '../../hours/opening-hours-input';
import { IsText } from '../../common/text';
import { IsInstant } from '../../common/time';
import { IsOptionalNonNull } from '../../common/validators';
import { CHANNEL_KINDS } from '../contact';
import type { ChannelKind } from '../contact';

const HOURS_DOC = {
  type: Object,
  description: 'Asia/Tokyo. {"openingHours":"Mo-Fr 09:00-17:00; PH off"} (OSM opening_hours, the one-to-one subset: docs/hours-interchange.md), {"type":"always"} or {"type":"weekly","publicHolidays":"closed|as_usual|as_sunday","ranges":[{"day":"mon","start":"17:00","end":"21:00"}]}; an end not after the start crosses midnight. Null: not known.',
  example: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '09:00', end: '17:00' }] },
  nullable: true,
};

export class CreateFallbackChannelDto {
  @ApiProperty({ enum: CHANNEL_KINDS })
  @IsIn(CHANNEL_KINDS)
  kind: ChannelKind;

  @ApiPropertyOptional({ description: 'The chat platform\'s name; required for chat_platform, not allowed otherwise.', example: 'Microsoft Teams' })
  @IsOptional()
  @IsText(100)
  @MinLength(1)
  platform?: string;

  @ApiProperty({ example: '24時間電話相談' })
  @IsText(200)
  @MinLength(1)
  label: string;

  @ApiPropertyOptional({ description: 'Phone number, e-mail address, URL or address, checked by kind. Empty or absent: not known.', example: '0120-000-000' })
  @IsOptional()
  @IsText(300)
  contact?: string;

  @ApiPropertyOptional(HOURS_DOC)
  @IsOptional()
  @OpeningHoursInput()
  @IsHours()
  hours?: Hours | null;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsText(2000, { multiline: true })
  notes?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Valid from (default: always has been).' })
  @IsOptional()
  @IsInstant()
  validFrom?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Valid until (default: open-ended).' })
  @IsOptional()
  @IsInstant()
  validUntil?: string | null;
}

export class UpdateFallbackChannelDto {
  @ApiPropertyOptional({ enum: CHANNEL_KINDS })
  @IsOptionalNonNull()
  @IsIn(CHANNEL_KINDS)
  kind?: ChannelKind;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText(100)
  @MinLength(1)
  platform?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsText(200)
  @MinLength(1)
  label?: string;

  @ApiPropertyOptional({ description: 'Empty: not known.' })
  @IsOptionalNonNull()
  @IsText(300)
  contact?: string;

  @ApiPropertyOptional(HOURS_DOC)
  @IsOptional()
  @OpeningHoursInput()
  @IsHours()
  hours?: Hours | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsText(2000, { multiline: true })
  notes?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  @IsOptional()
  @IsInstant()
  validFrom?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  @IsOptional()
  @IsInstant()
  validUntil?: string | null;
}

export class FallbackChannelQuery {
  @ApiPropertyOptional({ enum: ['current', 'all'], description: 'current (default): valid now or later; all: retired ones too.' })
  @IsOptional()
  @IsIn(['current', 'all'])
  state?: 'current' | 'all';
}

export class FallbackChannelDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind: ChannelKind;
  @ApiProperty({ nullable: true, type: String }) platform: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Empty when not known.' }) contact: string;
  @ApiProperty() contactKnown: boolean;
  @ApiProperty(HOURS_DOC) hours: Hours | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) validFrom: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ description: 'Whether the channel is valid at the time of the request.' }) validNow: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FallbackChannelListDto {
  @ApiProperty({ type: [FallbackChannelDto] }) items: FallbackChannelDto[];
}
