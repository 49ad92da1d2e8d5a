import { PATH_METADATA } from '@nestjs/common/constants';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WEB_PAGE_ROUTES } from './web-routes';

/** Every controller outside the web pages, with the paths of its handlers as Nest joins them (before the /api prefix). */
function apiRoutePaths(): string[] {
  const source = path.resolve(__dirname, '..');
  const files = fs
    .readdirSync(source, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.controller.ts') && !file.startsWith(`web${path.sep}`))
    .map((file) => path.join(source, file));
  const paths: string[] = [];
  for (const file of files) {
    for (const exported of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof exported !== 'function' || Reflect.getMetadata(PATH_METADATA, exported) === undefined) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, exported));
      for (const name of Object.getOwnPropertyNames(exported.prototype).filter((name) => name !== 'constructor')) {
        const handler = (exported.prototype as Record<string, unknown>)[name];
        const own = typeof handler === 'function' ? Reflect.getMetadata(PATH_METADATA, handler) : undefined;
        if (own !== undefined) paths.push(`${base}/${String(own)}`.replace(/\/+/g, '/').replace(/^\//, ''));
      }
    }
  }
  return paths;
}

const firstSegment = (routePath: string): string => routePath.replace(/^\//, '').split('/')[0];

describe('web page routes', () => {
  // Nest excludes a page pattern from the /api prefix by matching it against each route's own path,
  // so an API route under a page's first segment would silently leave /api (and answer 404 there).
  it('share no first segment with any API route', () => {
    const routes = apiRoutePaths();
    expect(routes).toEqual(expect.arrayContaining(['children/:childId/chronology', 'audit/events']));
    const pageSegments = new Set(WEB_PAGE_ROUTES.map((route) => firstSegment(route.path)).filter(Boolean));
    expect(routes.filter((route) => pageSegments.has(firstSegment(route)))).toEqual([]);
  });
});
