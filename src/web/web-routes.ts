import { RequestMethod } from '@nestjs/common';

/**
 * The web pages' paths, served at the root rather than under the API's /api prefix. None may
 * share its first segment with an API route: Nest matches these patterns against a route's own
 * path, so "children/{*path}" would take the API's /api/children routes out of /api. Pages about
 * one child live under /child/; a data protection officer's under /dpo/, an administrator's under /admin/.
 */
export const WEB_PAGE_ROUTES = ['/', 'find-a-child', 'request-access', 'request-access/{*path}', 'child/{*path}', 'sign-out', 'signed-out', 'inbox', 'inbox/{*path}', 'settings/{*path}', 'dpo', 'dpo/{*path}', 'admin', 'admin/{*path}'].map((path) => ({
  path,
  method: RequestMethod.ALL,
}));

/** The API's own paths, under its /api prefix; everything else is a browser's (pages, sign-in) or the health check. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Addresses that are no page: the API, sign-in, the health check and the development identity provider answer in their own way. */
const NOT_PAGES = /^\/(api|auth|health|idp)(\/|$)/;

/** Whether a browser asking for this path gets a page (errors included) rather than JSON. */
export function isPagePath(path: string): boolean {
  return !NOT_PAGES.test(path);
}

/** A child's chronology page, where a saved entry is shown (its `#entry-<id>` anchor). */
export const chronologyPath = (childId: string): string => `/child/${childId}/chronology`;

/** One entry's page. */
export const entryPath = (childId: string, entryId: string): string => `/child/${childId}/entries/${entryId}`;
