import type { Role } from './access-token.entity';

/** Who is calling, as established by the bearer token, plus the request it came with. */
export interface Actor {
  tokenId: string;
  name: string;
  role: Role;
  scope: string | null;
  requestId: string;
}

/** Where a service sits, as far as jurisdiction is concerned. */
export interface ServiceJurisdiction {
  localGovernmentCode: string | null;
  /** The designated city of a ward operator. */
  parentCode: string | null;
  prefectureCode: string | null;
  nationalBodyCode: string | null;
  /** The organisation (認定NPO法人 and the like) that runs it; absent or null for a government's service. */
  organizationCode?: string | null;
}

/**
 * Who may write a service: a prefecture everything operated in it (the prefecture and
 * its municipalities), a municipality its own (a designated city also its wards'), the
 * ministry the national bodies', an `npo` token its organisation's (an unscoped one nothing).
 */
export function canWriteService(actor: Pick<Actor, 'role' | 'scope'>, service: ServiceJurisdiction): boolean {
  switch (actor.role) {
    case 'ministry':
      return service.nationalBodyCode !== null;
    case 'prefecture':
      return service.prefectureCode !== null && service.prefectureCode === actor.scope;
    case 'municipality':
      return actor.scope !== null && (service.localGovernmentCode === actor.scope || service.parentCode === actor.scope);
    case 'npo':
      return actor.scope !== null && !!service.organizationCode && service.organizationCode === actor.scope;
  }
}

/** The audit trail of a service is for the ministry and for the prefecture it is in. */
export function canReadAudit(actor: Pick<Actor, 'role' | 'scope'>, prefectureCode: string | null): boolean {
  if (actor.role === 'ministry') return true;
  return actor.role === 'prefecture' && prefectureCode !== null && prefectureCode === actor.scope;
}
