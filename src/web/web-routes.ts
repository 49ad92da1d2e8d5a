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

/** A child's chronology page, where a saved entry is shown (its `#entry-<id>` anchor). */
export const chronologyPath = (childId: string): string => `/child/${childId}/chronology`;

/** One entry's page. */
export const entryPath = (childId: string, entryId: string): string => `/child/${childId}/entries/${entryId}`;
