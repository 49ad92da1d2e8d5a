import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The README's `npm ci && npm start` is a newcomer's first sight of Chronicle: start must build
 * everything the server serves, the stylesheet and scripts included, or every page comes unstyled
 * (as it did when start compiled only the server).
 */
const scripts = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('npm start', () => {
  it('builds the server and the web assets before it starts', () => {
    expect(scripts.start).toMatch(/^npm run --silent build && npm run --silent start:prod$/);
    expect(scripts.build).toContain('nest build');
    expect(scripts.build).toContain('build:web-assets');
    expect(scripts['build:web-assets']).toContain('src/cli/build-web-assets.ts');
  });
});
