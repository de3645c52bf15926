/**
 * The statements of the notifications module whose text depends on their arguments
 * (the others are fixed strings in the repositories).
 */

/**
 * One page of a subscription's delivery log, oldest first, with each event's type, keyed
 * on the delivery id. Parameters: `$1` the subscription id, `$2` how many rows to read
 * (the page size plus one, to tell whether another page follows) and, with `afterCursor`,
 * `$3` the id of the last delivery already seen.
 */
export function deliveryPageSql(afterCursor: boolean): string {
  return `SELECT d.id::text, d.event_id, e.type AS event_type, d.attempt, d.status_code, d.duration_ms, d.error, d.succeeded, d.attempted_at
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.subscription_id = $1 ${afterCursor ? 'AND d.id > $3' : ''}
        ORDER BY d.id LIMIT $2`;
}
