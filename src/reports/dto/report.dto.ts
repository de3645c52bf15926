import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant } from '../../common/time';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQuery {
  @ApiPropertyOptional({ format: 'date-time', example: '2021-03-31T23:59:59+09:00', description: 'The time the report describes, with a time zone, reconstructed from the history. Without it the report describes now, from the figures the continuity engine keeps per operator (current statuses, channels valid now, open findings), the same once the engine has caught up.' })
  @IsOptional()
  @IsInstant()
  asOf?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'csv is UTF-8 with a BOM; xlsx has one sheet per table.' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** The figures of one row; every one is a count. */
export class ReportCountsDto {
  @ApiProperty({ description: 'Local governments counted (designated-city wards are part of their city); on the national-bodies row, national bodies.' })
  localGovernments: number;
  @ApiProperty({ description: 'Of those, how many operate at least one service existing at asOf (a ward\'s services count for its city).' })
  localGovernmentsWithLineService: number;
  @ApiProperty({ description: 'Services existing at asOf: with at least one status change in effect by then (undated changes always are).' })
  services: number;
  @ApiProperty({ description: 'Services whose status at asOf is planned.' }) planned: number;
  @ApiProperty({ description: 'Services whose status at asOf is postponed.' }) postponed: number;
  @ApiProperty({ description: 'Services whose status at asOf is active.' }) active: number;
  @ApiProperty({ description: 'Services whose status at asOf is suspended.' }) suspended: number;
  @ApiProperty({ description: 'Services whose status at asOf is discontinued.' }) discontinued: number;
  @ApiProperty({ description: 'Services existing at asOf that handle personal data.' }) handlingPersonalData: number;
  @ApiProperty({ description: 'Services suspended at asOf with at least one fallback channel valid at asOf.' }) suspendedWithAlternative: number;
  @ApiProperty({ description: 'no_alternative gaps open at asOf (by the gap rules at that time), severity critical.' }) noAlternativeCritical: number;
  @ApiProperty({ description: 'no_alternative gaps open at asOf, severity high.' }) noAlternativeHigh: number;
  @ApiProperty({ description: 'no_alternative gaps open at asOf, severity medium.' }) noAlternativeMedium: number;
  @ApiProperty({ description: 'no_alternative gaps open at asOf, severity low.' }) noAlternativeLow: number;
  @ApiProperty({ description: 'impending_no_alternative warnings open at asOf (any severity).' }) impendingNoAlternative: number;
  @ApiProperty({ description: 'Services existing at asOf in the consultation category.' }) categoryConsultation: number;
  @ApiProperty({ description: 'Services existing at asOf in the information category.' }) categoryInformation: number;
  @ApiProperty({ description: 'Services existing at asOf in the reservation category.' }) categoryReservation: number;
  @ApiProperty({ description: 'Services existing at asOf in the payment category.' }) categoryPayment: number;
  @ApiProperty({ description: 'Services existing at asOf in the application category.' }) categoryApplication: number;
  @ApiProperty({ description: 'Services existing at asOf in the health_monitoring category.' }) categoryHealthMonitoring: number;
  @ApiProperty({ description: 'Services existing at asOf in the other category.' }) categoryOther: number;
}

export type CountKey = keyof ReportCountsDto;

export class ReportRowDto extends ReportCountsDto {
  @ApiProperty({ nullable: true, type: String, example: '01', description: 'Prefecture number, local-government code, or "national"; null on the total row.' })
  code: string | null;
  @ApiProperty({ example: '北海道' }) name: string;
  @ApiProperty({ example: 'prefecture', description: 'prefecture, national (the national bodies), a local-government kind, or total.' })
  kind: string;
}

export class ReportDto {
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ example: '総務省「全国地方公共団体コード」; LINE 2021 cases' }) source: string;
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
  @ApiProperty({ type: ReportRowDto, description: 'The sum of the rows, column by column.' }) total: ReportRowDto;
}
