import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsText } from '../../common/text';
import { AUDIENCES, SERVICE_CATEGORIES } from '../../line-services/vocabulary';
import type { Audience, ServiceCategory } from '../../line-services/vocabulary';

/** A form sends every input, the unchosen ones empty: empty means "not given". */
const EmptyIsAbsent = () => Transform(({ value }) => (value === '' ? undefined : value));

/** GET / : what to look for. */
export class HomeQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @IsText(100)
  q?: string;
}

/**
 * GET /places/{code}: the availability API's filters (its vocabularies), the time as the
 * form's date and time inputs send it (Tokyo wall clock), and availability's cursor for
 * the next page. Shown only on pages, so their messages are Japanese.
 */
export class PlacePageQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(SERVICE_CATEGORIES, { message: '一覧から選んでください' })
  category?: ServiceCategory;

  @EmptyIsAbsent()
  @IsOptional()
  @IsIn(AUDIENCES, { message: '一覧から選んでください' })
  audience?: Audience;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '2026-12-01 のような日付で指定してください' })
  date?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '09:00 のような時刻で指定してください' })
  time?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @MaxLength(64, { message: 'このページが作った指定ではありません' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'このページが作った指定ではありません' })
  cursor?: string;
}
