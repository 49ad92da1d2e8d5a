import { ageInYears, todayIso } from '../common/dates';
import { IdentifierScheme } from './child-identifier.entity';
import { Child } from './child.entity';

export class ChildView {
  id!: string;
  givenName!: string;
  familyName!: string;
  knownAs!: string | null;
  dateOfBirth!: string;
  ageInYears!: number;
  identifiers!: { scheme: IdentifierScheme; value: string }[];
}

export function toChildView(child: Child): ChildView {
  return {
    id: child.id,
    givenName: child.givenName,
    familyName: child.familyName,
    knownAs: child.knownAs,
    dateOfBirth: child.dateOfBirth,
    ageInYears: ageInYears(child.dateOfBirth, todayIso()),
    identifiers: (child.identifiers ?? [])
      .map(({ scheme, value }) => ({ scheme, value }))
      .sort((a, b) => a.scheme.localeCompare(b.scheme) || a.value.localeCompare(b.value)),
  };
}
