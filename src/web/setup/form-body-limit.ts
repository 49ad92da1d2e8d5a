import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer's record of @Type (which class a nested field holds); the package ships it untyped at this path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

/**
 * The most a form within its fields' limits may take, percent-encoded as a browser sends it. A
 * field's MaxLength counts characters as validator.js does: a surrogate pair (an emoji) is one,
 * and so is a character followed by a variation selector (U+FE0E/U+FE0F). The longest such
 * character, an emoji with its selector (😀 + U+FE0F), is 7 bytes of UTF-8, each sent as %XX: 21
 * bytes for one character counted (Arabic or é, 2 or 3 bytes, take 6 or 9; a line break, two
 * characters as the browser sends it, takes 6).
 */
export const WORST_BYTES_PER_CHARACTER = 21;

/** Any field besides its text: its name, `=` and `&`, and a short value (a code, a date box, a tick). */
export const FIELD_ALLOWANCE_BYTES = 256;

/** The fields a form has beside its DTO's (the form token, the three boxes of each date, a version). */
export const FORM_ALLOWANCE_BYTES = 4096;

/** Beyond this no form is read, however its DTO grows: the body is held in memory while it is parsed. */
export const FORM_BODY_CEILING_BYTES = 2 * 1024 * 1024;

type DtoClass = abstract new (...args: never[]) => object;

/** The worst-case encoded size of a body that passes the DTO's MaxLength and ArrayMaxSize checks (nested DTOs included). */
export function worstCaseFormBytes(dto: DtoClass, seen: ReadonlySet<DtoClass> = new Set()): number {
  if (seen.has(dto)) throw new Error(`${dto.name} nests itself: a form cannot be bounded`);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => object, '', true, false);
  const properties = new Set(metadatas.map((metadata) => metadata.propertyName));
  let total = 0;
  for (const property of properties) {
    const own = metadatas.filter((metadata) => metadata.propertyName === property);
    const constraint = (name: string) => own.find((metadata) => metadata.name === name)?.constraints?.[0] as number | undefined;
    const items = constraint('arrayMaxSize') ?? 1;
    const nested = own.some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION) ? defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction() : undefined;
    const perItem = nested ? worstCaseFormBytes(nested as DtoClass, new Set([...seen, dto])) : FIELD_ALLOWANCE_BYTES + (constraint('maxLength') ?? 0) * WORST_BYTES_PER_CHARACTER;
    total += items * perItem;
  }
  return total;
}

/** The body limit for page forms: what the largest of them may legitimately carry; refused at start-up if that passes the ceiling. */
export function formBodyLimitBytes(forms: readonly DtoClass[]): number {
  const largest = Math.max(...forms.map((dto) => worstCaseFormBytes(dto)));
  const limit = largest + FORM_ALLOWANCE_BYTES;
  if (limit > FORM_BODY_CEILING_BYTES) throw new Error(`A page form may carry ${limit} bytes, more than the ${FORM_BODY_CEILING_BYTES} the server reads: lower a field's MaxLength`);
  return limit;
}
