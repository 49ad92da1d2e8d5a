import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_FORM_DTOS } from './page-forms';
import { BODY_CEILING_BYTES, bodyLimitBytes, FORM_BYTES_PER_CHARACTER } from '../common/body-limits';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => (item.isDirectory() ? sources(join(dir, item.name)) : item.name.endsWith('.ts') && !item.name.endsWith('.spec.ts') ? [join(dir, item.name)] : []));
}

describe('PAGE_FORM_DTOS', () => {
  it('holds every DTO a page imports to check a posted form with, so the body limit covers every form', () => {
    const imported = new Set(
      sources(__dirname).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/import(?: type)? \{([^}]*)\} from '[^']*\/dto\/[^']*'/g)].flatMap((match) => match[1].split(',').map((name) => name.trim()).filter((name) => /Dto$/.test(name))),
      ),
    );
    expect(imported.size).toBeGreaterThan(10);
    const listed = new Set(PAGE_FORM_DTOS.map((dto) => dto.name));
    expect([...imported].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('makes a limit under the ceiling', () => {
    expect(bodyLimitBytes(PAGE_FORM_DTOS, FORM_BYTES_PER_CHARACTER)).toBeLessThanOrEqual(BODY_CEILING_BYTES);
  });
});
