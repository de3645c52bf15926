import type { GroupService, Signature } from './availability.repository';

/** One group's services (one local government's, or every national body's), as read at a signature. */
export interface Group {
  signature: Signature;
  services: GroupService[];
}

/**
 * The groups of services the availability answers are built from, keyed by group, in
 * least-recently-used order. Its size is the number of services it holds: past
 * `maxServices`, the least recently used groups are dropped, never the one just stored
 * (a single group larger than the cap is kept on its own).
 */
export class GroupCache {
  /** In least-recently-used order: a group is moved to the end each time it is stored. */
  private readonly groups = new Map<string, Group>();
  private cachedServices = 0;

  constructor(readonly maxServices: number) {}

  /**
   * The group cached under `key` if it was read at `signature`, else undefined (never
   * cached, dropped, or changed since). Does not change the order: storing it again does.
   */
  get(key: string, signature: Signature): Group | undefined {
    const group = this.groups.get(key);
    return group?.signature === signature ? group : undefined;
  }

  /** Stores `group` under `key` (replacing any) as the most recently used, then drops the least recently used past the cap. */
  set(key: string, group: Group): void {
    const previous = this.groups.get(key);
    if (previous) {
      this.cachedServices -= previous.services.length;
      this.groups.delete(key);
    }
    this.groups.set(key, group);
    this.cachedServices += group.services.length;
    for (const [oldest, old] of this.groups) {
      if (this.cachedServices <= this.maxServices || oldest === key) break;
      this.groups.delete(oldest);
      this.cachedServices -= old.services.length;
    }
  }

  /** How many services the cached groups hold together. */
  get services(): number {
    return this.cachedServices;
  }

  /** The cached keys, least recently used first. */
  keys(): string[] {
    return [...this.groups.keys()];
  }
}
