import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { ENCODINGS } from '../csv';
import type { Encoding } from '../csv';

export class ImportQuery {
  @ApiPropertyOptional({ enum: ENCODINGS, description: 'The file\'s encoding; default: detected (a byte-order mark or valid UTF-8 means UTF-8, anything else Shift_JIS).' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(ENCODINGS)
  encoding?: Encoding;
}

export class ImportAppliedDto {
  @ApiProperty() statusChanges: number;
  @ApiProperty() fallbackChannels: number;
}

export class ImportResultDto {
  @ApiProperty({ format: 'uuid', description: 'Names this import in the audit log (after.importId of each entry).' }) importId: string;
  @ApiProperty({ enum: ['utf-8', 'shift_jis'], description: 'How the file was read.' }) encoding: Encoding;
  @ApiProperty({ description: 'Data rows in the file (blank rows aside).' }) rows: number;
  @ApiProperty({ type: ImportAppliedDto }) applied: ImportAppliedDto;
  @ApiProperty({ description: 'Rows already recorded (by an earlier import or the API, or earlier in this file), skipped.' }) skippedDuplicates: number;
  @ApiProperty({ type: [Number], description: 'Spreadsheet row numbers of the skipped duplicates (the header is row 1).' }) skippedRows: number[];
  @ApiProperty({ type: [String], description: 'Ids of the services this import changed, sorted.' }) services: string[];
}

export class ImportErrorDto {
  @ApiProperty({ description: 'Spreadsheet row number: the header is row 1, the first data row 2.' }) row: number;
  @ApiProperty({ nullable: true, type: String, description: 'The column at fault; null for the row as a whole.' }) column: string | null;
  @ApiProperty() message: string;
}
