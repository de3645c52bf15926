import { Registry1763800000000 } from './1763800000000-registry';
import { ContinuityEngine1763900000000 } from './1763900000000-continuity-engine';

/** Every migration, oldest first: listed, not globbed, so ts-jest and the build load the same set. */
export const MIGRATIONS = [Registry1763800000000, ContinuityEngine1763900000000];
