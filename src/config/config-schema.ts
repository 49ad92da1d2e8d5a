import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import ajvErrors from 'ajv-errors';

/**
 * The files of config/ are each described by a JSON Schema (shipped in config/schemas/, so a data
 * protection officer or an editor can check a file with standard tools) and checked with Ajv at
 * start-up. What a schema cannot say (a rule id used twice, fields a rule's actions may not use)
 * each loader checks in code; both kinds of problem are worded here the same way, in file order,
 * all at once, so an operator fixes the file in one pass.
 */

export type JsonSchema = Record<string, unknown>;

/** Where in the file (JSON property names and array indexes) and what is wrong there. */
export interface ConfigProblem {
  path: (string | number)[];
  /** A predicate ("must be 1") read after the place, or, starting with ':', a statement about it. */
  text: string;
}

/** Names a place in the file as its reader knows it: `rule "team-reads-team": roles`, `claims.emergency.durationHours`. */
export type PlaceNamer = (path: (string | number)[]) => string;

export class ConfigFileError extends Error {
  constructor(what: string, file: string, problems: string[]) {
    super(`Invalid ${what} in ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigFileError';
  }
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, useDefaults: true, allowUnionTypes: true });
ajvErrors(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** The schema's problems with `raw`; defaults the schema gives are filled in. */
export function schemaProblems(schema: JsonSchema, raw: unknown): ConfigProblem[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(raw)) return [];
  return group(validate.errors ?? []);
}

/** Every problem as a line, in the order the file has them. */
export function wordProblems(problems: ConfigProblem[], name: PlaceNamer): string[] {
  return [...problems]
    .map((problem, index) => ({ problem, index, order: problem.path.filter((segment): segment is number => typeof segment === 'number') }))
    .sort((a, b) => compareIndexes(a.order, b.order) || a.index - b.index)
    .map(({ problem }) => {
      const place = name(problem.path);
      if (place === '') return problem.text.replace(/^: /, '');
      return problem.text.startsWith(':') ? `${place}${problem.text}` : `${place} ${problem.text}`;
    });
}

export function quoteAll(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** Path segments of a JSON pointer, array indexes as numbers. */
function segments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Alternatives (any/list, object/absent) report their own branch's problems; the alternation itself says nothing more. */
const SILENT = new Set(['if', 'then', 'else', 'oneOf', 'anyOf']);

function group(errors: ErrorObject[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const unknownKeys = new Map<string, ConfigProblem & { keys: string[] }>();
  const unknownItems = new Map<string, ConfigProblem & { values: unknown[]; allowed: unknown[]; noun: string }>();
  for (const error of errors) {
    if (SILENT.has(error.keyword)) continue;
    const path = segments(error.instancePath);
    if (error.keyword === 'errorMessage') {
      const [original] = (error.params as { errors: ErrorObject[] }).errors;
      const missing = original.keyword === 'required' ? [(original.params as { missingProperty: string }).missingProperty] : [];
      problems.push({ path: [...path, ...missing], text: error.message ?? '' });
    } else if (error.keyword === 'additionalProperties') {
      let entry = unknownKeys.get(error.instancePath);
      if (!entry) {
        entry = { path, text: '', keys: [] };
        unknownKeys.set(error.instancePath, entry);
        problems.push(entry);
      }
      entry.keys.push((error.params as { additionalProperty: string }).additionalProperty);
    } else if (error.keyword === 'enum' && typeof path[path.length - 1] === 'number') {
      // Items of a list of words: one problem for the list, naming every unknown word.
      const listPath = path.slice(0, -1);
      const key = JSON.stringify(listPath);
      let entry = unknownItems.get(key);
      if (!entry) {
        entry = { path: listPath, text: '', values: [], allowed: (error.params as { allowedValues: unknown[] }).allowedValues, noun: nounOf(error) };
        unknownItems.set(key, entry);
        problems.push(entry);
      }
      entry.values.push(error.data);
    } else if (error.keyword === 'enum') {
      const property = path[path.length - 1];
      const noun = (error.parentSchema as { title?: string } | undefined)?.title ?? String(property);
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      problems.push({ path: path.slice(0, -1), text: `: unknown ${noun} ${JSON.stringify(error.data)}; known: ${allowed.join(', ')}` });
    } else if (error.keyword === 'required') {
      problems.push({ path: [...path, (error.params as { missingProperty: string }).missingProperty], text: 'is missing' });
    } else {
      problems.push({ path, text: error.message ?? 'is not valid' });
    }
  }
  for (const entry of unknownKeys.values()) entry.text = `has unknown keys ${quoteAll(entry.keys)}`;
  for (const entry of unknownItems.values()) entry.text = `: unknown ${entry.noun}${quoteAll(entry.values)}; known: ${entry.allowed.join(', ')}`;
  return problems;
}

function nounOf(error: ErrorObject): string {
  const title = (error.parentSchema as { title?: string } | undefined)?.title;
  return title ? `${title}s ` : '';
}

function compareIndexes(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
