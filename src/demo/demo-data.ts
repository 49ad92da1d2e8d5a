import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgencyType } from '../agencies/agency.entity';
import type { IdentifierScheme } from '../children/child-identifier.entity';
import type { EntryContentDto } from '../chronology/dto/entry-content.dto';
import type { Role } from '../practitioners/practitioner.entity';
import type { SharingDecisionKind } from '../sharing/sharing-decision.entity';
import type { Capacity } from '../team/involvement.entity';

export interface DemoAgency {
  code: string;
  name: string;
  type: AgencyType;
  contact: string;
}

export interface DemoUser {
  username: string;
  name: string;
  email: string;
  agency: string;
  role: Role;
  jobTitle: string;
}

/** A sharing decision by the recording agency (see src/sharing). */
export interface DemoShare {
  by: string;
  with: string;
  decision: SharingDecisionKind;
  purpose: string;
  necessity?: string;
  lawfulBasis?: string;
  familyInformed: boolean;
  familyNotInformedReason?: string;
  familyViews?: string;
}

export interface DemoEntry extends EntryContentDto {
  author: string;
  shares?: DemoShare[];
  amendments?: { author: string; reason: string; changes: Partial<EntryContentDto> }[];
  enteredInError?: { author: string; reason: string };
}

export interface DemoChild {
  givenName: string;
  familyName: string;
  knownAs?: string;
  dateOfBirth: string;
  identifiers: { scheme: IdentifierScheme; value: string }[];
  team: { username: string; capacity: Capacity; startsOn: string; endsOn?: string }[];
  entries: DemoEntry[];
}

export interface DemoData {
  agencies: DemoAgency[];
  users: DemoUser[];
  children: DemoChild[];
}

export function loadDemoData(configDir: string): DemoData {
  return JSON.parse(fs.readFileSync(path.join(configDir, 'demo', 'demo-data.json'), 'utf8')) as DemoData;
}
