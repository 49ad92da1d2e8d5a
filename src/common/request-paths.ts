/** Which kind of address a request is for, decided before routing (middleware, the authentication guard, error filters). */

/** The API's own paths, under its /api prefix; everything else is a browser's (pages, sign-in) or the health check. */
export function isApiPath(path: string): boolean {
  // Express routes without regard to case: /API/children is the API too.
  return /^\/api(\/|$)/i.test(path);
}

/** Addresses that are no page: the API, sign-in, the health check and the development identity provider answer in their own way. */
const NOT_PAGES = /^\/(api|auth|health|idp)(\/|$)/i;

/** Whether a browser asking for this path gets a page (errors included) rather than JSON. */
export function isPagePath(path: string): boolean {
  return !NOT_PAGES.test(path);
}
