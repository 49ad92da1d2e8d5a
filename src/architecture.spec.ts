import * as fs from 'node:fs';
import * as path from 'node:path';

/** Rules about where code lives, which docs/architecture.md states; checked here so they stay true. */

const SRC = __dirname;

function sourceFiles(directory = SRC): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

const moduleOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, '');

/** Each module's imports of other modules, from the source text. */
function moduleImports(): Map<string, Set<string>> {
  const imports = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    for (const [, target] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const from = moduleOf(file);
      const to = moduleOf(path.resolve(path.dirname(file), target));
      if (from === to || to.startsWith('..')) continue;
      if (!imports.has(from)) imports.set(from, new Set());
      imports.get(from)!.add(to);
    }
  }
  return imports;
}

/** Pairs that still import each other, named in docs/architecture.md as left to untangle. */
const KNOWN_MUTUAL = new Set(['access <-> children', 'access <-> practitioners', 'auth <-> common']);

describe('the architecture', () => {
  it('keeps every file in src under 500 lines', () => {
    const long = sourceFiles().filter((file) => fs.readFileSync(file, 'utf8').split('\n').length > 500);
    expect(long.map((file) => path.relative(SRC, file))).toEqual([]);
  });

  it('asks the access policy\'s ability in src/access only', () => {
    const asking = sourceFiles()
      .filter((file) => moduleOf(file) !== 'access')
      .filter((file) => /\.ability\b|\babilityFor\(|\bdefineAbilityFor\b|\bpermittedEntryFields\b|\bentrySubject\b/.test(fs.readFileSync(file, 'utf8')));
    expect(asking.map((file) => path.relative(SRC, file))).toEqual([]);
  });

  it('has no two modules import each other, but for those named as left to untangle', () => {
    const imports = moduleImports();
    const mutual: string[] = [];
    for (const [from, targets] of imports) {
      for (const to of targets) if (from < to && imports.get(to)?.has(from)) mutual.push(`${from} <-> ${to}`);
    }
    expect(mutual.filter((pair) => !KNOWN_MUTUAL.has(pair))).toEqual([]);
    // Once untangled, a pair comes off the list.
    expect([...KNOWN_MUTUAL].filter((pair) => !mutual.includes(pair))).toEqual([]);
  });

  it('keeps access, audit and chronology out of each other\'s way: access and audit import no domain module that uses them', () => {
    const imports = moduleImports();
    expect([...(imports.get('access') ?? [])].filter((module) => ['chronology', 'export', 'sharing', 'dpo', 'team'].includes(module))).toEqual([]);
    expect([...(imports.get('audit') ?? [])].filter((module) => ['access', 'chronology', 'export', 'sharing', 'dpo', 'auth'].includes(module))).toEqual([]);
    expect([...(imports.get('chronology') ?? [])].filter((module) => module === 'export')).toEqual([]);
  });
});
