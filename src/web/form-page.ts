import { safeReturnPath } from '../auth/auth.service';

/**
 * The page a form posted to `postPath` is on, for returning there after signing in again: the
 * path itself where a page answers GET there (most forms post to their own page), else the nearest
 * page above it (`/child/:id/print/:exportId` is a button on `/child/:id/print`), else `/`. Only
 * ever a path of this server (`safeReturnPath`), so never a way off it.
 */
export function formPageOf(postPath: string, isPage: (path: string) => boolean): string {
  const segments = safeReturnPath(postPath).split('?')[0].split('/').filter(Boolean);
  for (let length = segments.length; length > 0; length -= 1) {
    const path = `/${segments.slice(0, length).join('/')}`;
    if (isPage(path)) return path;
  }
  return '/';
}
