/**
 * Text reduced to the words that carry its meaning, for matching a user's column names and event
 * words against known ones: case, apostrophes, punctuation and spacing do not count, "&" is "and".
 * "Child's views (in own words)" and "childs views in own words" match.
 */
export function matchingKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'from', 'for', 'on', 'in', 'at', 'by', 'with', 'and', 'or']);

/** The meaningful words of a text, with plural "s" taken off, for a similarity score. */
export function contentWords(text: string): Set<string> {
  return new Set(
    matchingKey(text)
      .split(' ')
      .filter((word) => word !== '' && !STOP_WORDS.has(word))
      .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word)),
  );
}

export function sharedWords(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  return shared;
}

/** Shared words over all words of the two (Jaccard): 1 for the same words in any order. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const shared = sharedWords(a, b);
  return shared / (a.size + b.size - shared);
}
