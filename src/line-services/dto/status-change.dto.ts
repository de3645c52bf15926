import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsText } from '../../common/text';
import { IsInstant } from '../../common/time';
import { IsHttpUrl } from '../../common/validators';
import { SERVICE_STATUSES } from '../vocabulary';
import type { ServiceStatus } from '../vocabulary';

export class CreateStatusChangeDto {
  @ApiProperty({ enum: SERVICE_STATUSES })
  @IsIn(SERVICE_STATUSES)
  status: ServiceStatus;

  @ApiPropertyOptional({ format: 'date-time', example: '2021-03-26T00:00:00+09:00', description: 'When it takes effect; default now. A future time schedules the change.' })
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsText(2000, { multiline: true })
  reason?: string;

  @ApiPropertyOptional({ description: 'Where the change was announced (press release, notice).' })
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;
}

export class StatusChangeDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ enum: SERVICE_STATUSES }) status: ServiceStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null when the source did not state the date; such a change counts as earlier than every dated one.' })
  effectiveAt: string | null;
  @ApiProperty({ description: 'False while a scheduled change has not taken effect yet, and for a withdrawn one.' }) inEffect: boolean;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceUrl: string | null;
  @ApiProperty({ description: 'Name of whoever recorded it.' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set when a scheduled change was withdrawn before it took effect.' }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawnBy: string | null;
}

export class StatusChangeListDto {
  @ApiProperty({ type: [StatusChangeDto] }) items: StatusChangeDto[];
}
