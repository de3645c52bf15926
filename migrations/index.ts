import { Registry1763800000000 } from './1763800000000-registry';

/** Every migration, oldest first: listed, not globbed, so ts-jest and the build load the same set. */
export const MIGRATIONS = [Registry1763800000000];
