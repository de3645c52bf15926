import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsOptional, Matches, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsText } from '../../common/text';
import { IsHttpUrl, IsLgCode, IsOptionalNonNull } from '../../common/validators';
import { ORGANIZATION_LEGAL_FORMS } from '../../line-services/vocabulary';
import type { OrganizationLegalForm } from '../../line-services/vocabulary';
import { ORGANIZATION_CODE, ORGANIZATION_CODE_MESSAGE } from '../organization-code';

/** At most every local government of the country (1,959 with the designated-city wards). */
const MAX_COVERAGE = 2000;

const NAME_DOC = 'The name in Japanese, as the organisation writes it, without its legal form (that is `legalForm`).';
const LEGAL_FORM_DOC = 'certified_npo: 認定NPO法人; npo: NPO法人; general_incorporated: 一般社団法人; public_interest: 公益社団・財団法人; other: その他.';
const COVERAGE_DOC =
  'Where its services reach people: `{"nationwide": true}`, or `{"localGovernments": [...]}` listing prefectures (by their 6-digit local-government code, such as 130001) and municipalities. ' +
  'A listed prefecture covers every place in it; a listed designated city covers its wards.';

export class CoverageInputDto {
  @ApiPropertyOptional({ description: 'true: the whole country (then no localGovernments).' })
  @IsOptional()
  @IsBoolean()
  nationwide?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['130001', '011002'], description: '6-digit local-government codes (prefectures and municipalities), each existing.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_COVERAGE)
  @ArrayUnique()
  @IsLgCode({ each: true })
  localGovernments?: string[];
}

export class CreateOrganizationDto {
  @ApiProperty({ example: 'dxp', description: `Stable code: ${ORGANIZATION_CODE_MESSAGE}. Cannot be changed.` })
  @Matches(ORGANIZATION_CODE, { message: `$property ${ORGANIZATION_CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'D×P', maxLength: 200, description: NAME_DOC })
  @IsText(200)
  @MinLength(1)
  name: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, description: 'An English rendering of the name, where the organisation has one.' })
  @IsOptional()
  @IsText(200)
  @MinLength(1)
  nameEn?: string | null;

  @ApiProperty({ enum: ORGANIZATION_LEGAL_FORMS, description: LEGAL_FORM_DOC })
  @IsIn(ORGANIZATION_LEGAL_FORMS)
  legalForm: OrganizationLegalForm;

  @ApiPropertyOptional({ nullable: true, description: 'The organisation\'s public page.' })
  @IsOptional()
  @IsHttpUrl()
  url?: string | null;

  @ApiProperty({ type: CoverageInputDto, description: COVERAGE_DOC })
  @IsObject()
  @ValidateNested()
  @Type(() => CoverageInputDto)
  coverage: CoverageInputDto;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200, description: NAME_DOC })
  @IsOptionalNonNull()
  @IsText(200)
  @MinLength(1)
  name?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, description: 'Null clears it.' })
  @IsOptional()
  @IsText(200)
  @MinLength(1)
  nameEn?: string | null;

  @ApiPropertyOptional({ enum: ORGANIZATION_LEGAL_FORMS, description: LEGAL_FORM_DOC })
  @IsOptionalNonNull()
  @IsIn(ORGANIZATION_LEGAL_FORMS)
  legalForm?: OrganizationLegalForm;

  @ApiPropertyOptional({ nullable: true, description: 'Null clears it.' })
  @IsOptional()
  @IsHttpUrl()
  url?: string | null;

  @ApiPropertyOptional({ type: CoverageInputDto, description: `Replaces the coverage. ${COVERAGE_DOC}` })
  @IsOptionalNonNull()
  @IsObject()
  @ValidateNested()
  @Type(() => CoverageInputDto)
  coverage?: CoverageInputDto;
}

export class OrganizationQuery extends PageQuery {}

export class CoveredPlaceDto {
  @ApiProperty({ example: '130001' }) code: string;
  @ApiProperty({ example: '東京都' }) name: string;
  @ApiProperty({ example: 'prefecture' }) kind: string;
}

export class CoverageDto {
  @ApiProperty() nationwide: boolean;
  @ApiProperty({ type: [CoveredPlaceDto], description: 'Empty when nationwide.' }) localGovernments: CoveredPlaceDto[];
}

export class OrganizationServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ユキサキチャット' }) name: string;
}

export class OrganizationDto {
  @ApiProperty({ example: 'dxp' }) code: string;
  @ApiProperty({ example: 'D×P' }) name: string;
  @ApiProperty({ nullable: true, type: String }) nameEn: string | null;
  @ApiProperty({ enum: ORGANIZATION_LEGAL_FORMS }) legalForm: OrganizationLegalForm;
  @ApiProperty({ example: '認定NPO法人', description: 'The legal form in Japanese.' }) legalFormLabel: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ type: CoverageDto }) coverage: CoverageDto;
  @ApiProperty({ type: [OrganizationServiceDto], description: 'The services it operates, by name.' }) services: OrganizationServiceDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] }) items: OrganizationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
