import { textProblem } from './text';

export const MAX_URL_LENGTH = 2048;

/**
 * Why a string is not an http(s) URL we store as sent, or null. It must be clean text on one
 * line (the WHATWG parser would quietly drop tabs and line breaks and percent-encode NUL, so
 * the URL would pass while the string stored is not the URL), with no surrounding spaces (the
 * parser strips those too), and parse as an absolute http or https URL with a host.
 */
export function httpUrlProblem(value: string): string | null {
  if (value.length > MAX_URL_LENGTH) return `must be an http(s) URL of at most ${MAX_URL_LENGTH.toLocaleString('en')} characters`;
  const chars = textProblem(value);
  if (chars) return chars;
  if (value.trim() !== value) return 'must not begin or end with a space';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL';
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 ? null : 'must be an http(s) URL';
}

export function isHttpUrl(value: string): boolean {
  return httpUrlProblem(value) === null;
}
