import type { FindingKind } from './gap-rules';

/**
 * The findings that leave people without a channel, now or soon: they carry suggested
 * alternatives (availability's suggestAlternatives) while open, in GET /v1/gaps/:id and in
 * the webhooks of their opening and re-rating, computed when asked or delivered, never stored.
 */
export const KINDS_WITH_ALTERNATIVES: readonly FindingKind[] = ['no_alternative', 'impending_no_alternative'];

export const hasAlternatives = (kind: FindingKind, open: boolean): boolean => open && KINDS_WITH_ALTERNATIVES.includes(kind);
