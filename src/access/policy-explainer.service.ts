import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { appliesTo, EntryAttributes, entrySubject } from './ability.factory';
import { LOCATE_FIELDS, MARKER_SHOWS, READABLE_ENTRY_FIELDS, ReadableEntryField } from './access-policy';
import { AccessPolicyService } from './access-policy.service';
import { AccessService } from './access.service';
import type { ChildAccess } from './child-access';
import type { EntryFacts } from './entry-facts';
import { FieldExplanation, PolicyExplanation } from './policy-explanation.view';

/**
 * Tells a user, in the policy's own words, why they can or cannot see each field of an entry.
 * It asks the same ability every read uses, and reveals no more about a withheld entry than its
 * marker already does.
 */
@Injectable()
export class PolicyExplainerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly policies: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async explain(caller: Caller, childId: string, entryId: string | undefined): Promise<PolicyExplanation> {
    const { access, entry } = entryId
      ? await this.access.entryAccess(caller, entryId, 'policy.explain', { child: 'record', childId })
      : { access: await this.access.childAccess(caller, childId, 'policy.explain'), entry: undefined };
    const { user } = caller;
    const explanation: PolicyExplanation = {
      you: { role: user.role, agency: { code: user.agency.code, name: user.agency.name, type: user.agency.type } },
      child: { id: childId, relationship: access.relationship, claim: access.claim },
      rulesThatApply: this.policies.policy.rules
        .filter((rule) => appliesTo(rule, user, access.relationship))
        .map(({ id, description, actions, subject }) => ({ id, description, actions, subject })),
    };
    if (entry) explanation.entry = this.explainEntry(caller, access, entry);
    await this.audit.record(this.dataSource.manager, caller, { action: 'policy.explain', childId, entryIds: entryId ? [entryId] : [], basis: access });
    return explanation;
  }

  private explainEntry(caller: Caller, access: ChildAccess, facts: EntryFacts & EntryAttributes): PolicyExplanation['entry'] {
    const subject = entrySubject(facts);
    const { ability } = access;
    const readable = ability.can('read', subject);
    const ask = `ask ${facts.agencyName}${facts.agencyContact ? ` (${facts.agencyContact})` : ''}`;
    const situation = `you (a ${caller.user.role} at a ${caller.user.agency.type} agency, ${access.relationship === 'involved' ? "on the child's team" : `with ${access.relationship} access`})`;
    const ruleRef = (action: 'read' | 'locate', field: string) => {
      const rule = ability.relevantRuleFor(action, subject, field);
      const policyRule = rule && !rule.inverted && rule.reason ? this.policies.policy.rules.find((candidate) => candidate.id === rule.reason) : undefined;
      return policyRule && { id: policyRule.id, description: policyRule.description };
    };
    // An entry withheld whole stands as a marker, showing what the policy lets the caller locate: the same decision the marker is made by.
    const onMarker = (field: ReadableEntryField) => {
      const located = readable ? undefined : LOCATE_FIELDS.find((locate) => MARKER_SHOWS[locate].includes(field) && ability.can('locate', subject, locate));
      return located && ruleRef('locate', located);
    };
    const fields = READABLE_ENTRY_FIELDS.map((field): FieldExplanation => {
      const grantedBy = ruleRef('read', field);
      if (grantedBy) return { field, readable: true, grantedBy };
      const shownOnMarker = onMarker(field);
      const elsewhere = this.policies.policy.rules.filter(
        (candidate) =>
          candidate.subject === 'Entry' &&
          candidate.actions.includes('read') &&
          candidate.fields?.includes(field) &&
          candidate.roles.includes(caller.user.role) &&
          candidate.agencyTypes.includes(caller.user.agency.type),
      );
      return {
        field,
        readable: false,
        explanation: `No rule of the access policy lets ${situation} read ${field} of a ${facts.sensitivity} entry from ${facts.agencyName}${facts.sharedWithMyAgency ? ' shared with your agency' : ''}; ${ask}`,
        wouldBeReadableUnder: elsewhere.map(({ id, description }) => ({ id, description })),
        ...(shownOnMarker ? { shownOnMarker } : {}),
      };
    });
    return {
      id: facts.id,
      sourceAgency: { name: facts.agencyName, contact: facts.agencyContact },
      sensitivity: facts.sensitivity,
      sharedWithYourAgency: facts.sharedWithMyAgency,
      visibility: readable ? 'readable' : 'withheld-with-marker',
      fields,
      youMay: { amend: ability.can('amend', subject), share: ability.can('share', subject) },
    };
  }
}
