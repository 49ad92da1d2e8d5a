import type { ChildrenService } from '../children/children.service';
import { ChildLookupQuery } from '../children/dto/search-children.query';
import type { Caller } from '../common/caller.decorator';
import { DomainError } from '../common/domain-error';
import { ApiFormValidation, FormError, FormWording, submitForm } from './forms';
import { IDENTIFIER_FORMATS_IN_WORDS } from '../children/identifier-format';

/**
 * As submitForm; what a record's state refuses (a request closed or extended to the limit, a
 * legal hold standing, a hold lifted already, an entry marked entered in error) is told beside
 * the form, in the service's words.
 */
export async function submitOrConflict<T>(work: () => Promise<T>, wording: FormWording, field: string): Promise<{ value: T } | { errors: FormError[] }> {
  try {
    return await submitForm(work, wording);
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'ENTRY_ENTERED_IN_ERROR')) return { errors: [{ field, text: error.message }] };
    throw error;
  }
}

/**
 * The child a data protection officer's form is about, found by an identifier as the DPO's
 * look-up finds one (GET /api/audit/children, audited as it); or the problem, against `identifier`.
 */
export async function childByIdentifier(forms: ApiFormValidation, children: ChildrenService, caller: Caller, identifier: string): Promise<string | FormError> {
  if (!identifier) return { field: 'identifier', text: "Enter the child's identifier, for example their CHI number" };
  const checked = await forms.check(ChildLookupQuery, { identifier }, { identifier: { field: 'identifier', text: `Enter ${IDENTIFIER_FORMATS_IN_WORDS}` } });
  if ('errors' in checked) return checked.errors[0];
  const found = await children.lookUpForAudit(caller, checked.value);
  if (found.length !== 1) return { field: 'identifier', text: found.length === 0 ? 'No child has this identifier' : 'More than one child has this identifier: use another of the child’s identifiers' };
  return found[0].id;
}
