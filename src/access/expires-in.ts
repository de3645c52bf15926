const UNIT_MS = { d: 86_400_000, h: 3_600_000 } as const;
const MAX_MS = 3650 * UNIT_MS.d;

/** `--expires-in` of token:create: a whole number of days or hours (90d, 12h), in milliseconds. */
export function parseExpiresIn(text: string): number {
  const match = /^\s*(\d{1,6})\s*([dh])\s*$/i.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2].toLowerCase() as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0)) throw new Error(`--expires-in must be a number of days or hours such as 90d or 12h, not "${text}"`);
  if (ms > MAX_MS) throw new Error('--expires-in must be at most 3650d (ten years)');
  return ms;
}
