import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsText } from '../../common/text';
import { IsHttpUrl } from '../../common/validators';
import { VERIFICATION_METHODS } from '../vocabulary';
import type { VerificationMethod } from '../vocabulary';

/** A confirmation that the service and its channels are as recorded; who and when come from the token and the clock. */
export class CreateVerificationDto {
  @ApiProperty({ enum: VERIFICATION_METHODS, description: 'How it was confirmed.' })
  @IsIn(VERIFICATION_METHODS)
  method: VerificationMethod;

  @ApiPropertyOptional({ description: 'What was read (the operator\'s page, the notice).' })
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsText(1000, { multiline: true })
  note?: string;
}

export class VerificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ enum: VERIFICATION_METHODS }) method: VerificationMethod;
  @ApiProperty({ nullable: true, type: String }) sourceUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was confirmed (the database clock at the request).' }) verifiedAt: string;
  @ApiProperty({ description: 'The name of the token that recorded it.' }) verifiedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class VerificationQuery extends PageQuery {}

export class VerificationPageDto {
  @ApiProperty({ type: [VerificationDto] }) items: VerificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
