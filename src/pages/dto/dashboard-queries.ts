import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';

const EmptyIsAbsent = () => Transform(({ value }) => (value === '' ? undefined : value));
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '2021-03-01 のような日付で指定してください';

/** GET /dashboard, /dashboard/prefectures/{code}: the timeline's period (Tokyo dates, inclusive). */
export class PeriodQuery {
  @EmptyIsAbsent()
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  from?: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(DATE, { message: DATE_MESSAGE })
  to?: string;
}

/** GET /signin: after signing out, the page says so. */
export class SignInPageQuery {
  @IsOptional()
  @IsIn(['signed-out'], { message: 'このページが作った指定ではありません' })
  done?: 'signed-out';
}
