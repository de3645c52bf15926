import { registerDecorator, ValidationOptions } from 'class-validator';

// An instant must say which instant it is: a date and time with Z or an offset
// (2021-03-26T00:00:00+09:00). A bare date would silently mean UTC midnight.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
export const INSTANT_MESSAGE = 'must be an ISO 8601 date-time with a time zone between 1990 and 2100, such as 2021-03-26T00:00:00+09:00';

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !INSTANT.test(value)) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= EARLIEST && time < LATEST && sameCalendarDate(value);
}

/** Date.parse rolls 2021-02-30 over into March; a typo should not pass as another day. */
function sameCalendarDate(value: string): boolean {
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)!;
  const probe = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return probe.getUTCMonth() === Number(m) - 1 && probe.getUTCDate() === Number(d);
}

/** The property, when present and not null, is an ISO 8601 date-time with a time zone. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => value === null || value === undefined || isInstant(value),
        defaultMessage: () => INSTANT_MESSAGE,
      },
    });
}

export function toIso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
