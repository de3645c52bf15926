import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant } from '../../common/time';
import { COUNT_COLUMNS, IDENTITY_COLUMNS, REPORT_LANGS, type ReportLang } from '../report-columns';

/** The API docs' description of a column: its English definition, where the files' notes take it from too. */
const defined = (key: CountKey) => COUNT_COLUMNS[key].definition.en;

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQuery {
  @ApiPropertyOptional({ format: 'date-time', example: '2021-03-31T23:59:59+09:00', description: 'The time the report describes, with a time zone, reconstructed from the history. Without it the report describes now, from the figures the continuity engine keeps per operator (current statuses, channels valid now, open findings), the same once the engine has caught up.' })
  @IsOptional()
  @IsInstant()
  asOf?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'csv is UTF-8 with a BOM; xlsx has a title row, one sheet per table and a notes sheet defining each column.' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ enum: REPORT_LANGS, default: 'ja', description: 'The language of the csv and xlsx headers, sheet names, title and notes: ja (Japanese, by default) or en. The JSON keys are English whatever it is.' })
  @IsOptional()
  @IsIn(REPORT_LANGS)
  lang?: ReportLang;
}

/** The figures of one row; every one is a count. */
export class ReportCountsDto {
  @ApiProperty({ description: defined('localGovernments') })
  localGovernments: number;
  @ApiProperty({ description: defined('localGovernmentsWithLineService') })
  localGovernmentsWithLineService: number;
  @ApiProperty({ description: defined('services') })
  services: number;
  @ApiProperty({ description: defined('planned') }) planned: number;
  @ApiProperty({ description: defined('postponed') }) postponed: number;
  @ApiProperty({ description: defined('active') }) active: number;
  @ApiProperty({ description: defined('suspended') }) suspended: number;
  @ApiProperty({ description: defined('discontinued') }) discontinued: number;
  @ApiProperty({ description: defined('handlingPersonalData') }) handlingPersonalData: number;
  @ApiProperty({ description: defined('suspendedWithAlternative') }) suspendedWithAlternative: number;
  @ApiProperty({ description: defined('noAlternativeCritical') }) noAlternativeCritical: number;
  @ApiProperty({ description: defined('noAlternativeHigh') }) noAlternativeHigh: number;
  @ApiProperty({ description: defined('noAlternativeMedium') }) noAlternativeMedium: number;
  @ApiProperty({ description: defined('noAlternativeLow') }) noAlternativeLow: number;
  @ApiProperty({ description: defined('impendingNoAlternative') }) impendingNoAlternative: number;
  @ApiProperty({ description: defined('categoryConsultation') }) categoryConsultation: number;
  @ApiProperty({ description: defined('categoryInformation') }) categoryInformation: number;
  @ApiProperty({ description: defined('categoryReservation') }) categoryReservation: number;
  @ApiProperty({ description: defined('categoryPayment') }) categoryPayment: number;
  @ApiProperty({ description: defined('categoryApplication') }) categoryApplication: number;
  @ApiProperty({ description: defined('categoryHealthMonitoring') }) categoryHealthMonitoring: number;
  @ApiProperty({ description: defined('categoryOther') }) categoryOther: number;
  @ApiProperty({ description: defined('staleRecords') }) staleRecords: number;
  @ApiProperty({ description: defined('handlingConfidentialData') }) handlingConfidentialData: number;
  @ApiProperty({ description: defined('confidentialDataNotKnown') }) confidentialDataNotKnown: number;
  @ApiProperty({ description: defined('storageLineServers') }) storageLineServers: number;
  @ApiProperty({ description: defined('storageOperatorSystemInJapan') }) storageOperatorSystemInJapan: number;
  @ApiProperty({ description: defined('storageOverseas') }) storageOverseas: number;
  @ApiProperty({ description: defined('storageUnknown') }) storageUnknown: number;
  @ApiProperty({ description: defined('suspendedStorageLineServers') }) suspendedStorageLineServers: number;
  @ApiProperty({ description: defined('suspendedStorageOperatorSystemInJapan') }) suspendedStorageOperatorSystemInJapan: number;
  @ApiProperty({ description: defined('suspendedStorageOverseas') }) suspendedStorageOverseas: number;
  @ApiProperty({ description: defined('suspendedStorageUnknown') }) suspendedStorageUnknown: number;
}

export type CountKey = keyof ReportCountsDto;

export class ReportRowDto extends ReportCountsDto {
  @ApiProperty({ nullable: true, type: String, example: '01', description: IDENTITY_COLUMNS.code.definition.en })
  code: string | null;
  @ApiProperty({ example: '北海道', description: IDENTITY_COLUMNS.name.definition.en }) name: string;
  @ApiProperty({ example: 'prefecture', description: IDENTITY_COLUMNS.kind.definition.en })
  kind: string;
}

export class ReportDto {
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ example: '総務省「全国地方公共団体コード」; LINE 2021 cases' }) source: string;
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
  @ApiProperty({ type: ReportRowDto, description: 'The sum of the rows, column by column.' }) total: ReportRowDto;
}
