import { CreateInitialSchema1763856000000 } from './1763856000000-CreateInitialSchema';

/** Listed explicitly so compiled and ts-jest runs load the same migrations without path globs. */
export const MIGRATIONS = [CreateInitialSchema1763856000000];
