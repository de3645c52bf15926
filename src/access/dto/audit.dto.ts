import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the entries of this service.' })
  @IsOptional()
  @IsUUID()
  serviceId?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ description: 'The name of the token that made the change.' }) actor: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ example: 'service.update' }) action: string;
  @ApiProperty({ example: 'line_service' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ nullable: true, type: String }) serviceId: string | null;
  @ApiProperty({ nullable: true, type: Object }) before: unknown;
  @ApiProperty({ nullable: true, type: Object }) after: unknown;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
