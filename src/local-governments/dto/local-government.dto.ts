import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { OptionalPrefectureCode } from '../../common/validators';
import { IsText } from '../../common/text';
import { LG_KINDS } from '../local-government.entity';
import type { LgKind } from '../local-government.entity';

export class LocalGovernmentQuery extends PageQuery {
  @OptionalPrefectureCode({ example: '01', description: 'Two-digit prefecture number.' })
  prefecture?: string;

  @ApiPropertyOptional({ enum: LG_KINDS })
  @IsOptional()
  @IsIn(LG_KINDS)
  kind?: LgKind;

  @ApiPropertyOptional({ example: 'さっぽろ', description: 'Part of the name, in kanji, hiragana or katakana.' })
  @IsOptional()
  @IsText(100)
  @MinLength(1)
  q?: string;
}

export class LocalGovernmentDto {
  @ApiProperty({ example: '011002' }) code: string;
  @ApiProperty({ example: '01' }) prefectureCode: string;
  @ApiProperty({ enum: LG_KINDS }) kind: LgKind;
  @ApiProperty({ example: '札幌市' }) name: string;
  @ApiProperty({ example: 'さっぽろし' }) nameKana: string;
  @ApiProperty({ nullable: true, type: String, description: 'For a designated-city ward: its city.' }) parentCode: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}

export class LocalGovernmentPageDto {
  @ApiProperty({ type: [LocalGovernmentDto] }) items: LocalGovernmentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
