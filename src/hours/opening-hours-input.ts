import { Transform } from 'class-transformer';
import { fieldError } from '../common/errors';
import { fromOpeningHours } from './osm';

/**
 * Hours fields also take `{ "openingHours": "Mo-Fr 09:00-17:00; PH off" }`: the OSM string,
 * in the one-to-one subset of osm.ts, becomes the canonical hours before validation, so
 * what is stored is always hours.ts' JSON. A string outside the subset is a 400 naming the
 * field and what does not parse.
 */
export function OpeningHoursInput(): PropertyDecorator {
  return Transform(({ value, key }) => (isOpeningHoursInput(value) ? canonical(key, value) : value), { toClassOnly: true });
}

function isOpeningHoursInput(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'openingHours' in value;
}

function canonical(field: string, value: Record<string, unknown>): unknown {
  const extra = Object.keys(value).filter((key) => key !== 'openingHours');
  if (extra.length) throw fieldError(field, `openingHours comes alone: ${extra.join(', ')} is not allowed beside it`);
  const text = value.openingHours;
  if (typeof text !== 'string' || text.length > 2000) throw fieldError(field, 'openingHours must be a string of at most 2000 characters');
  const result = fromOpeningHours(text);
  if ('problems' in result) throw fieldError(field, `openingHours ${JSON.stringify(text)}: ${result.problems.join('; ')}`);
  return result.hours;
}
