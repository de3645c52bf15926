/**
 * Statements of the line-services module whose text is built by code. Each is a pure
 * function of its arguments; `npm run sql:dump` writes them out for review.
 */

/**
 * A channel is valid at a time when that time is inside its validity period. One
 * definition, used by every query that asks which channels a service has.
 */
export function channelValidAt(alias: string, at: string): string {
  return `((${alias}.valid_from IS NULL OR ${alias}.valid_from <= ${at}) AND (${alias}.valid_until IS NULL OR ${alias}.valid_until > ${at}))`;
}

/** The columns of a ChannelRow (fallback-channels.repository.ts), from `fallback_channels` named `alias`. */
export function channelColumns(alias: string): string {
  const c = alias;
  return `${c}.id, ${c}.service_id, ${c}.kind, ${c}.platform, ${c}.label, ${c}.contact, ${c}.hours, ${c}.notes, ${c}.valid_from, ${c}.valid_until,
  ${channelValidAt(c, 'now()')} AS valid_now, ${c}.created_at, ${c}.updated_at`;
}

/**
 * A PATCH: sets the given columns (from a fixed list of updatable ones, never from input)
 * of the row `$1`, from `$2` on. `extra` assignments (such as `updated_at = now()`) follow.
 */
export function updateColumnsSql(table: 'line_services' | 'fallback_channels', columns: readonly string[], extra: readonly string[] = []): string {
  if (columns.length === 0) throw new Error('an update sets at least one column');
  const assignments = [...columns.map((column, i) => `${column} = $${i + 2}`), ...extra];
  return `UPDATE ${table} SET ${assignments.join(', ')} WHERE id = $1`;
}
