import type { Request } from 'express';

/** The languages the API answers errors in, the default first. */
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The language of an error answer, negotiated from `Accept-Language` by express' own
 * `req.acceptsLanguages` (the jshttp `negotiator`: q-values, `ja-JP` matching `ja`, `*`,
 * `q=0` as "not this one"). English unless the client prefers Japanese: no header, `*`, a
 * tie, or only languages we do not speak all give English.
 */
export function negotiateLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  return req.acceptsLanguages(...LANGUAGES) === 'ja' ? 'ja' : 'en';
}
