import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMPILED_ASSETS_DIR, STYLES_ENTRY } from './web-paths';

/**
 * Compiles the pages' stylesheet into dist/web-assets (sass is a development dependency: a
 * production image ships the compiled file). Run by `npm run build` and by the browser tests' set-up.
 */
export function buildWebAssets(): string {
  // Loaded here only: the server never compiles Sass.
  const sass = require('sass') as typeof import('sass');
  const nodeModules = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), '..');
  const { css } = sass.compile(STYLES_ENTRY, { loadPaths: [nodeModules], style: 'compressed', quietDeps: true, silenceDeprecations: [] });
  mkdirSync(COMPILED_ASSETS_DIR, { recursive: true });
  const file = path.join(COMPILED_ASSETS_DIR, 'application.css');
  writeFileSync(file, css);
  return file;
}
