import type { Actor } from '../access/actor';

/** Who may register an organisation: the ministry. */
export function canRegisterOrganization(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'ministry';
}

/** Who may change an organisation (its names, legal form, page, coverage): the ministry, and an `npo` token scoped to it. */
export function canEditOrganization(actor: Pick<Actor, 'role' | 'scope'>, code: string): boolean {
  return actor.role === 'ministry' || (actor.role === 'npo' && actor.scope === code);
}
