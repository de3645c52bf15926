/**
 * The kinds of rows an import holds. Kept apart from columns.ts so that the labels
 * (src/i18n/labels.ts), which the columns use, can name them without an import cycle.
 */
export const RECORD_TYPES = ['status_change', 'fallback_channel', 'service_info'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
