import { CreateInitialSchema1763856000000 } from './1763856000000-CreateInitialSchema';
import { CreateDevIdentityProviderStore1763859600000 } from './1763859600000-CreateDevIdentityProviderStore';
import { CreateSharingDecisionsAndAccessClaims1763942400000 } from './1763942400000-CreateSharingDecisionsAndAccessClaims';
import { CreateTamperEvidentAuditTrail1795392000000 } from './1795392000000-CreateTamperEvidentAuditTrail';
import { CreateAccessClaimReviews1795395600000 } from './1795395600000-CreateAccessClaimReviews';
import { CreateExports1795399200000 } from './1795399200000-CreateExports';
import { CreateNotifications1795410018000 } from './1795410018000-CreateNotifications';
import { CreateMentoring1795410018001 } from './1795410018001-CreateMentoring';
import { CreateSubjectAccess1795417200000 } from './1795417200000-CreateSubjectAccess';
import { CreateEntryDisputes1795420800000 } from './1795420800000-CreateEntryDisputes';
import { CreateRetentionAndLegalHolds1795424400000 } from './1795424400000-CreateRetentionAndLegalHolds';
import { CreateImports1795428000000 } from './1795428000000-CreateImports';
import { KeepChronologyOrderKeysOnEntries1795431600000 } from './1795431600000-KeepChronologyOrderKeysOnEntries';
import { CountChronologyEntries1795435200000 } from './1795435200000-CountChronologyEntries';

/** Listed explicitly so compiled and ts-jest runs load the same migrations without path globs. */
export const MIGRATIONS = [
  CreateInitialSchema1763856000000,
  CreateDevIdentityProviderStore1763859600000,
  CreateSharingDecisionsAndAccessClaims1763942400000,
  CreateTamperEvidentAuditTrail1795392000000,
  CreateAccessClaimReviews1795395600000,
  CreateExports1795399200000,
  CreateNotifications1795410018000,
  CreateMentoring1795410018001,
  CreateSubjectAccess1795417200000,
  CreateEntryDisputes1795420800000,
  CreateRetentionAndLegalHolds1795424400000,
  CreateImports1795428000000,
  KeepChronologyOrderKeysOnEntries1795431600000,
  CountChronologyEntries1795435200000,
];
