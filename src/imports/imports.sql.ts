import { channelColumns } from '../line-services/line-services.sql';

/**
 * The import's statements whose text is built by code (the fixed ones are literals in
 * imports.repository.ts). Pure: each returns the SQL text and touches no database, so the
 * statements can be dumped to .sql files for review.
 */

/**
 * Inserts many fallback channels at once from ten parallel arrays ($1 ids, $2 service ids,
 * $3 kinds, $4 platforms, $5 labels, $6 contacts, $7 hours as JSON text, $8 notes,
 * $9 valid_from, $10 valid_until), returning each as the API reads a channel. Built by
 * code only because a channel row has one shape (channelColumns).
 */
export function insertChannelsSql(): string {
  return `INSERT INTO fallback_channels (id, service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until)
       SELECT id, service_id, kind, platform, label, contact, hours::jsonb, notes, valid_from, valid_until
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
              AS u (id, service_id, kind, platform, label, contact, hours, notes, valid_from, valid_until)
       RETURNING ${channelColumns('fallback_channels')}`;
}
