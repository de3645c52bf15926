import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SuggestedAlternativeDto } from '../../availability/dto/suggested-alternative.dto';
import { PageQuery } from '../../common/pagination';
import { IsOperatorCode, OptionalPrefectureCode } from '../../common/validators';
import { FINDING_KINDS, SEVERITIES } from '../gap-rules';
import type { FindingKind, Severity } from '../gap-rules';

export class GapQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved', 'all'])
  state?: 'open' | 'resolved' | 'all';

  @ApiPropertyOptional({ enum: FINDING_KINDS })
  @IsOptional()
  @IsIn(FINDING_KINDS)
  kind?: FindingKind;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: Severity;

  @OptionalPrefectureCode({ example: '24' })
  prefecture?: string;

  @ApiPropertyOptional({ example: 'moj' })
  @IsOptional()
  @IsOperatorCode()
  operator?: string;
}

export class GapDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() serviceName: string;
  @ApiProperty() operatorCode: string;
  @ApiProperty() operatorName: string;
  @ApiProperty({ nullable: true, type: String }) prefectureCode: string | null;
  @ApiProperty({ enum: FINDING_KINDS }) kind: FindingKind;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ enum: ['open', 'resolved'] }) state: 'open' | 'resolved';
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) severityChangedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'fallback_added' }) resolution: string | null;
  @ApiProperty({ description: 'How long it has been (or was) open.' }) openSeconds: number;
  @ApiProperty({
    type: Object,
    description:
      'impending_no_alternative: the scheduled change ({statusChangeId, status, effectiveAt}), or {reason: "channels_expire", at} when the valid channels run out, or {reason: "stop_before_switch", stopOn, switchOn, toKind, toPlatform} when the transition plan stops before it switches; hours_not_covered: {horizonDays, uncovered: [{from, to}]}, the first three windows in the next horizonDays days when LINE used to be open and no valid channel is; stale_record: {lastVerifiedAt (null if never), staleSince, policyDays}.',
  })
  details: Record<string, unknown>;
}

/** One finding, with where its people could turn instead. */
export class GapDetailDto extends GapDto {
  @ApiProperty({
    type: [SuggestedAlternativeDto],
    description:
      'Open no_alternative and impending_no_alternative findings: up to five services that reach the place of the service (its municipality, its prefecture, the national bodies, the organisations covering it), of its category, for an overlapping audience (sharing one, or either for `general`), that are usable (LINE active, or a valid channel with a known contact) and open now or with a known next opening; open ones first, then the soonest to open, in availability\'s order. Computed from availability as asked, never stored. Empty for other kinds and resolved findings.',
  })
  suggestedAlternatives: SuggestedAlternativeDto[];
}

export class GapPageDto {
  @ApiProperty({ type: [GapDto] }) items: GapDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class GapListDto {
  @ApiProperty({ type: [GapDto] }) items: GapDto[];
}
