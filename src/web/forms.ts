import { Injectable, Type, ValidationPipe } from '@nestjs/common';
import { CSRF_FORM_FIELD } from '../auth/cross-site-writes';
import { DomainError, ErrorDetail } from '../common/domain-error';
import { Vocabularies } from '../common/request-checks';
import { createValidationPipe } from '../common/validation';

/** One problem with a form, against the id of the input it is about (the error summary links to it). */
export interface FormError {
  field: string;
  text: string;
  /** The API field the problem was found in, where the API's check found it rather than the page's own. */
  about?: string;
}

/** What a form template needs to show its problems the design system's way: a summary at the top, each message again by its field. */
export interface FormErrorsView {
  list: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

/** The input a problem is about, a date's day, month and year boxes counting as one (`eventDate-day` → `eventDate`). */
export function inputGroup(field: string): string {
  return field.replace(/-(day|month|year)$/, '');
}

/**
 * `fields`: the form's inputs in page order, which the summary follows; beside an input, its first
 * problem. The summary says each problem once: for an input (a date's boxes counting as one) that
 * the page's own check found wrong, the page's words, not the API's again for the same mistake;
 * otherwise one problem for each API field behind the input, so an input standing for several
 * (the chronology's filters: page number and page size) lists them all.
 */
export function formErrorsView(errors: FormError[], fields: string[]): FormErrorsView | null {
  if (errors.length === 0) return null;
  const position = (field: string) => (fields.indexOf(field) + fields.length + 1) % (fields.length + 1);
  const foundByPage = new Set(errors.filter((error) => error.about === undefined).map((error) => inputGroup(error.field)));
  const byField: Record<string, { text: string }> = {};
  const listed = new Set<string>();
  const list: { text: string; href: string }[] = [];
  for (const error of [...errors].sort((a, b) => position(a.field) - position(b.field))) {
    if (error.about !== undefined && foundByPage.has(inputGroup(error.field))) continue;
    byField[error.field] ??= { text: error.text };
    const key = error.about === undefined ? `input:${error.field}` : `api:${error.field}:${error.about}`;
    if (listed.has(key)) continue;
    listed.add(key);
    list.push({ text: error.text, href: `#${error.field}` });
  }
  return { list, byField };
}

/** A form's single-valued text fields, trimmed; a field sent twice, or not as text, counts as left empty. */
export function formText(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value.trim() : '';
}

/** A form's many-valued field (checkboxes): each value sent as text, in order; nothing ticked is an empty list. */
export function formList(body: unknown, field: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === 'string' && item !== '');
}

/**
 * A form's values checked by the API's own DTO and validation pipe (the same rules, codes and
 * normalising), its problems put in the page's words: `wording` maps an API field to the input
 * it came from and what to tell the user; a field it does not name keeps the API's words.
 */
@Injectable()
export class ApiFormValidation {
  private readonly pipe: ValidationPipe;

  constructor(vocabularies: Vocabularies) {
    this.pipe = createValidationPipe(vocabularies);
  }

  async check<T extends object>(dto: Type<T>, values: Record<string, unknown>, wording: FormWording): Promise<{ value: T } | { errors: FormError[] }> {
    try {
      const value = (await this.pipe.transform(withoutToken(values), { type: 'body', metatype: dto })) as T;
      return { value };
    } catch (error) {
      const errors = asFormErrors(error, wording);
      if (errors) return { errors };
      throw error;
    }
  }
}

/**
 * Runs a service call that may refuse the form's input (VALIDATION_FAILED, or a code the page
 * words itself); anything else is the page's error to show.
 */
export async function submitForm<T>(work: () => Promise<T>, wording: FormWording, codes: Partial<Record<DomainError['code'], FormError>> = {}): Promise<{ value: T } | { errors: FormError[] }> {
  try {
    return { value: await work() };
  } catch (error) {
    if (error instanceof DomainError && codes[error.code]) return { errors: [codes[error.code]!] };
    const errors = asFormErrors(error, wording);
    if (errors) return { errors };
    throw error;
  }
}

/**
 * For each API field (a dotted path, e.g. `identifier.value`): the input's id and, optionally, the
 * page's message for any problem with it, or the `label` to put in place of the field's name in the
 * API's own message ("The summary must be 500 characters or fewer").
 */
export type FormWording = Record<string, { field: string; text?: string; label?: string }>;

function asFormErrors(error: unknown, wording: FormWording): FormError[] | null {
  if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') return null;
  return formErrorsOf(error.details.length > 0 ? error.details : [{ problem: error.message }], wording);
}

/** The API's problems (ErrorDetail) put in the form's words. */
export function formErrorsOf(details: ErrorDetail[], wording: FormWording): FormError[] {
  return details.map((detail) => {
    const words = detail.field ? wording[detail.field] : undefined;
    return {
      field: words?.field ?? Object.values(wording)[0]?.field ?? 'main-content',
      text: words?.text ?? sentence(labelled(detail, words?.label)),
      about: detail.field ?? '',
    };
  });
}

function withoutToken(values: Record<string, unknown>): Record<string, unknown> {
  const { [CSRF_FORM_FIELD]: _token, ...rest } = values;
  return rest;
}

/** The API's message with the field named as the page names it, and its lengths in the design system's words. */
function labelled(detail: ErrorDetail, label: string | undefined): string {
  const problem = detail.problem.replace(/must be shorter than or equal to (\d+) characters/, 'must be $1 characters or fewer');
  if (!label || !detail.field) return problem;
  const name = [detail.field, detail.field.split('.').pop()!].find((candidate) => problem.startsWith(`${candidate} `));
  return name ? `${label}${problem.slice(name.length)}` : problem;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
