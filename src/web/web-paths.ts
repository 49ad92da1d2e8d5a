import * as path from 'node:path';

/** src/web, or dist/src/web when built: templates and the browser's own files are copied beside the compiled code. */
export const VIEWS_DIR = path.join(__dirname, 'views');
export const CLIENT_ASSETS_DIR = path.join(__dirname, 'assets');
export const STYLES_ENTRY = path.join(__dirname, 'styles', 'application.scss');

const root = path.resolve(__dirname, '..', '..');
/** The compiled stylesheet, made by `npm run build` (or the browser tests' set-up): dist/web-assets. */
export const COMPILED_ASSETS_DIR = path.basename(root) === 'dist' ? path.join(root, 'web-assets') : path.join(root, 'dist', 'web-assets');

export const GOVUK_FRONTEND_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');
