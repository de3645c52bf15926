import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCleanText } from '../../common/text';
import { TEMPLATE_LANGUAGES } from '../columns';
import type { TemplateLanguage } from '../columns';
import { ENCODINGS } from '../csv';
import type { Encoding } from '../csv';

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export class ImportQuery {
  @ApiPropertyOptional({ enum: ENCODINGS, description: 'The file\'s encoding; default: detected (a byte-order mark or valid UTF-8 means UTF-8, anything else Shift_JIS).' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(ENCODINGS)
  encoding?: Encoding;

  @ApiPropertyOptional({ description: 'For an XLSX file: the sheet to read, by its name (default: the first visible sheet). An unknown name is a 400 that lists the sheets.', example: '入力' })
  @IsOptional()
  @IsString()
  @IsCleanText()
  @MinLength(1)
  @MaxLength(31) // Excel's longest sheet name
  sheet?: string;
}

export class TemplateQuery {
  @ApiPropertyOptional({ enum: TEMPLATE_LANGUAGES, description: 'The headers\' and example\'s language: ja (default; 記録の種類, 状態 …) or en (record_type, status …). Both are read by an import.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(TEMPLATE_LANGUAGES)
  lang?: TemplateLanguage;
}

export class ImportAppliedDto {
  @ApiProperty() statusChanges: number;
  @ApiProperty() fallbackChannels: number;
  @ApiProperty({ description: 'service_info rows applied (a public notice, data-handling facts, a transition, a verification).' }) serviceInfo: number;
  @ApiProperty({ description: 'Verifications recorded (service_info rows with verified_on), each once.' }) verifications: number;
}

export class ImportResultDto {
  @ApiProperty({ format: 'uuid', description: 'Names this import in the audit log (after.importId of each entry).' }) importId: string;
  @ApiProperty({ enum: IMPORT_FORMATS, description: 'What the file was: a CSV or an Excel workbook (told apart by its bytes).' }) format: ImportFormat;
  @ApiProperty({ enum: ['utf-8', 'shift_jis'], description: 'How a CSV was read (utf-8 for a workbook, whose XML is UTF-8).' }) encoding: Encoding;
  @ApiProperty({ nullable: true, type: String, description: 'The sheet of the workbook that was read; null for a CSV.' }) sheet: string | null;
  @ApiProperty({ description: 'Data rows in the file (blank rows aside).' }) rows: number;
  @ApiProperty({ type: ImportAppliedDto }) applied: ImportAppliedDto;
  @ApiProperty({ description: 'Rows already recorded (by an earlier import or the API, or earlier in this file), skipped.' }) skippedDuplicates: number;
  @ApiProperty({ type: [Number], description: 'Spreadsheet row numbers of the skipped duplicates (the header is row 1).' }) skippedRows: number[];
  @ApiProperty({ type: [String], description: 'Ids of the services this import changed, sorted.' }) services: string[];
}

export class ImportErrorDto {
  @ApiProperty({ description: 'Spreadsheet row number: the header is row 1, the first data row 2.' }) row: number;
  @ApiProperty({ nullable: true, type: String, description: 'The column at fault, by its English name (record_type, status …) whatever the file\'s header; null for the row as a whole.' }) column: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The column\'s header as the file has it (状態, or status); null for the row as a whole.' }) header: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'The same in Japanese, naming the row and the header: 「5行目の「状態」：…」.' }) messageJa: string;
}
