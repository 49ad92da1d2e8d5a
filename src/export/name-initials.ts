/**
 * An initials-only copy prints the child's names as their initials in every text it prints. A
 * name is found however it is written: in any case ("zara", "ZARA"), with or without its accents
 * ("Zoë", "Zoe"), run together with another of
 * the child's names ("ZaraCanaryfield"), with a possessive ("Zara's", "Zaras"), split by a hyphen,
 * a line break, spaces or invisible characters ("Canary-\nfield", "Z\u200Bara"), or as one part of
 * a double-barrelled or several-word name. Erring towards the child's privacy, it also takes words
 * that only look like a name: a child called Will makes every "will" "W.". Other people's names,
 * and misspellings of the child's, are printed as written.
 */

/** What may come between the letters of a name that is still the name: a line break, a hyphen (of any kind), spaces, invisible characters. */
const SPLIT = '[\\s\\-\\u00AD\\u2010-\\u2015\\u200B-\\u200D\\u2060\\uFEFF]*';
// Letters only: a name run into digits ("Zara2019") is still the name.
const NOT_A_LETTER_BEFORE = '(?<![\\p{L}\\p{M}])';
const NOT_A_LETTER_AFTER = '(?![\\p{L}\\p{M}])';

export function asInitials(names: readonly string[]): (text: string) => string {
  // Each part of a name on its own ("Canaryfield" of "Canaryfield-Smith"), its letters without accents; a single letter is an initial already.
  const parts = [...new Set(names.flatMap((name) => withoutAccents(name).split(/[\s\-\u2010-\u2015]+/u)).filter((part) => [...part].length > 1))].sort(
    (a, b) => [...b].length - [...a].length,
  );
  if (parts.length === 0) return (text) => text;
  // Each letter with or without accents ("Zoë", "Zoe"), compared in decomposed form.
  const anyName = `(?:${parts.map((part) => [...part].map((letter) => `${escapeRegExp(letter)}\\p{M}*`).join(SPLIT)).join('|')})`;
  // A run of the child's names, however joined, with a possessive or plural "s": the whole word or nothing, so "Ann" leaves "Annual" be.
  const run = new RegExp(`${NOT_A_LETTER_BEFORE}${anyName}(?:${SPLIT}${anyName})*(?:['’]?s)?${NOT_A_LETTER_AFTER}`, 'giu');
  const name = new RegExp(anyName, 'giu');
  const initial = (one: string): string => `${/^\P{M}\p{M}*/u.exec(one)![0].normalize('NFC').toUpperCase()}.`;
  return (text) => text.normalize('NFD').replace(run, (found) => found.replace(name, initial)).normalize('NFC');
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every text of a value (a document model), through `redact`; the keys named are left as they are (ids and machine times). */
export function everyText<T>(value: T, redact: (text: string) => string, except: ReadonlySet<string>): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => everyText(item, redact, except)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, except.has(key) ? item : everyText(item, redact, except)])) as T;
  }
  return value;
}
