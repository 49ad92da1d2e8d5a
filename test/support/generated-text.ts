import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Text the repository keeps beside the code it is generated from (docs tables, assembled SQL), so
 * a reader sees it without running anything. The test fails while they differ; run it with
 * UPDATE_GENERATED=1 to write the file anew, and review the difference like any other change.
 */
export function expectGeneratedFile(relativePath: string, content: string): void {
  const file = path.join(ROOT, relativePath);
  if (process.env.UPDATE_GENERATED === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  const kept = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (kept !== content) throw new Error(`${relativePath} is not what its generator makes${firstDifference(kept, content)}; ${HOW_TO_UPDATE}`);
}

/** As expectGeneratedFile, for the part of a file between `<!-- generated: name -->` and `<!-- end generated: name -->`. */
export function expectGeneratedSection(relativePath: string, name: string, content: string): void {
  const file = path.join(ROOT, relativePath);
  const text = fs.readFileSync(file, 'utf8');
  const open = `<!-- generated: ${name} -->\n`;
  const close = `<!-- end generated: ${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${relativePath} has no section "${name}" between ${open.trim()} and ${close}`);
  const kept = text.slice(start + open.length, end);
  if (process.env.UPDATE_GENERATED === '1') fs.writeFileSync(file, text.slice(0, start + open.length) + content + text.slice(end));
  else if (kept !== content) throw new Error(`The "${name}" section of ${relativePath} is not what its generator makes${firstDifference(kept, content)}; ${HOW_TO_UPDATE}`);
}

const HOW_TO_UPDATE = 'run the test again with UPDATE_GENERATED=1 and review the change';

function firstDifference(kept: string, made: string): string {
  const keptLines = kept.split('\n');
  const madeLines = made.split('\n');
  const line = keptLines.findIndex((text, index) => text !== madeLines[index]);
  const at = line < 0 ? keptLines.length : line;
  return ` (line ${at + 1}: kept ${JSON.stringify(keptLines[at] ?? '')}, made ${JSON.stringify(madeLines[at] ?? '')})`;
}
