import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer's record of @Type (which class a nested field holds); the package ships it untyped at this path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

/**
 * How large a request body within its DTO's limits may be, as each encoding sends it: the body
 * limits are what the largest legitimate body needs, so text within a field's documented length
 * is never refused as too large, whatever its script. A field's MaxLength counts characters as
 * validator.js does: a surrogate pair (an emoji) is one, and so is a character followed by a
 * variation selector (U+FE0E/U+FE0F). The longest such character, an emoji with its selector
 * (😀 + U+FE0F), is 7 bytes of UTF-8 in three UTF-16 code units.
 */

/** A page form, percent-encoded as a browser sends it: each UTF-8 byte as %XX, 21 bytes for one character counted (Arabic or é take 6, a line break as the browser sends it 6). */
export const FORM_BYTES_PER_CHARACTER = 21;

/** An API body, JSON as a client may escape it (`ensure_ascii`, as Python's json module does by default): each UTF-16 unit as \uXXXX, 18 bytes for one character counted. */
export const JSON_BYTES_PER_CHARACTER = 18;

/** Any field besides its text: its name, its quotes or `=` and `&`, and a short value (a code, a date box, a tick). */
export const FIELD_ALLOWANCE_BYTES = 256;

/** Each further item of a list beside its text: a number or a short code, and what separates it from the next. */
export const ITEM_ALLOWANCE_BYTES = 16;

/** What a body has beside its DTO's fields (a form's token, the three boxes of each date, a version; JSON's braces and spacing). */
export const BODY_ALLOWANCE_BYTES = 4096;

/** Beyond this no body is read, however a DTO grows: the body is held in memory while it is parsed. */
export const BODY_CEILING_BYTES = 2 * 1024 * 1024;

/**
 * A body nothing sizes: an API request whose route takes no DTO large enough to need more, or a
 * page form from someone not signed in. Bodies are read before anyone is authenticated, so what
 * a route may carry is given to that route alone, and a form's full size to a signed-in session.
 */
export const UNSIZED_BODY_LIMIT_BYTES = 64 * 1024;

/** A DTO class, as class-validator and class-transformer keep their records of it. */
export type DtoClass = abstract new (...args: never[]) => object;

/** The worst-case encoded size of a body that passes the DTO's MaxLength and ArrayMaxSize checks (nested DTOs included). */
export function worstCaseBodyBytes(dto: DtoClass, bytesPerCharacter: number, seen: ReadonlySet<DtoClass> = new Set()): number {
  if (seen.has(dto)) throw new Error(`${dto.name} nests itself: a body cannot be bounded`);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => object, '', true, false);
  const properties = new Set(metadatas.map((metadata) => metadata.propertyName));
  let total = 0;
  for (const property of properties) {
    const own = metadatas.filter((metadata) => metadata.propertyName === property);
    const constraint = (name: string) => own.find((metadata) => metadata.name === name)?.constraints?.[0] as number | undefined;
    const items = constraint('arrayMaxSize') ?? 1;
    const nested = own.some((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION) ? defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction() : undefined;
    const perItem = nested
      ? worstCaseBodyBytes(nested as DtoClass, bytesPerCharacter, new Set([...seen, dto]))
      : ITEM_ALLOWANCE_BYTES + (constraint('maxLength') ?? 0) * bytesPerCharacter;
    total += FIELD_ALLOWANCE_BYTES + items * perItem;
  }
  return total;
}

/** The body limit for one encoding: what the largest of these DTOs may legitimately carry; refused at start-up if that passes the ceiling. */
export function bodyLimitBytes(dtos: readonly DtoClass[], bytesPerCharacter: number): number {
  const largest = Math.max(0, ...dtos.map((dto) => worstCaseBodyBytes(dto, bytesPerCharacter)));
  const limit = largest + BODY_ALLOWANCE_BYTES;
  if (limit > BODY_CEILING_BYTES) throw new Error(`A request body may carry ${limit} bytes, more than the ${BODY_CEILING_BYTES} the server reads: lower a field's MaxLength`);
  return limit;
}
