import type { AccessToken } from './access-token.entity';

/** What `token:list` shows of a token: everything but its hash (the secret itself is never stored). */
export type TokenListing = Pick<AccessToken, 'id' | 'role' | 'scope' | 'name' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'>;

export function toListing(token: AccessToken): TokenListing {
  const { id, role, scope, name, createdAt, expiresAt, lastUsedAt, revokedAt } = token;
  return { id, role, scope, name, createdAt, expiresAt, lastUsedAt, revokedAt };
}

const COLUMNS = ['id', 'role', 'scope', 'name', 'created', 'expires', 'last used', 'revoked'] as const;

/**
 * `token:list`: one line per token, in columns, times in UTC to the second. Built from the
 * listed columns only: the secret is never stored, and the hash is not listed.
 */
export function formatTokenList(tokens: TokenListing[], now = new Date()): string {
  const rows = tokens.map((t) => [
    t.id,
    t.role,
    t.scope ?? '-',
    t.name,
    when(t.createdAt),
    t.expiresAt ? `${when(t.expiresAt)}${t.expiresAt <= now ? ' (expired)' : ''}` : 'never',
    t.lastUsedAt ? when(t.lastUsedAt) : 'never',
    t.revokedAt ? when(t.revokedAt) : '-',
  ]);
  const table = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

function when(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
