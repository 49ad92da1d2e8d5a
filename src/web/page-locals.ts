import type { Response } from 'express';
import type { AccessService, ChildActions } from '../access/access.service';
import type { PolicyAction, PolicySubject } from '../access/access-policy';
import type { Principal } from '../auth/principal';
import { csrfTokenOf } from '../auth/cross-site-writes';
import type { ChronicleRequest } from '../common/request-context';

/** One link of the header's navigation, as govukServiceNavigation takes it. */
export interface NavigationItem {
  href: string;
  text: string;
  current: boolean;
  /** The link's content as markup, where it carries more than its text (the inbox's unread count). */
  html?: string;
}

export const INBOX_PATH = '/inbox';

/** What the layout shows on every page: who is signed in (with the token their forms carry, sign-out among them), where they are, and where they may go. */
export interface PageLocals {
  user: Principal | null;
  csrfToken: string | null;
  currentPath: string;
  navigation: NavigationItem[];
  /** The pages about a child this user may use, as paths under `/child/:childId/` (child-heading.njk). */
  childPages: ChildPage[];
}

export interface ChildPage {
  key: string;
  path: string;
  text: string;
}

const within = (path: string, area: string) => path === area || path.startsWith(`${area}/`);

/** The inbox's link with its unread count, said in words to screen readers. */
export function withUnreadCount(navigation: NavigationItem[], unread: number): NavigationItem[] {
  if (unread === 0) return navigation;
  return navigation.map((item) =>
    item.href === INBOX_PATH ? { ...item, html: `${item.text} <strong class="govuk-tag app-count">${unread}<span class="govuk-visually-hidden"> unread</span></strong>` } : item,
  );
}

/**
 * The header's links. The data protection and administration areas are linked only for a role the
 * access policy lets use them (the same decision their services make on each request), so nobody
 * is offered a page that would refuse them.
 */
export function navigationFor(req: ChronicleRequest, access: AccessService): NavigationItem[] {
  const path = req.path;
  const items = [
    { href: '/', text: 'My children', current: path === '/' },
    { href: '/find-a-child', text: 'Find a child', current: path === '/find-a-child' },
    { href: '/request-access', text: 'Request access', current: within(path, '/request-access') },
  ];
  if (!req.user) return items;
  const caller = { user: req.user, correlationId: req.correlationId, clientAddress: req.ip ?? null };
  // Notifications are of entries on a team's children: offered to whoever the policy lets read them there.
  if (access.grantsOnTheTeam(caller, 'read', 'Entry')) items.push({ href: INBOX_PATH, text: 'Notifications', current: within(path, INBOX_PATH) });
  if (access.grants(caller, 'read', 'AuditLog')) items.push({ href: '/dpo', text: 'Data protection', current: within(path, '/dpo') });
  if (access.grants(caller, 'manage', 'Team')) items.push({ href: '/admin', text: 'Administration', current: within(path, '/admin') });
  return items;
}

/**
 * The pages about a child offered to this user. With `may` (what they may do for this child,
 * `AccessService.childActions`, the decision each page's service makes), only what they may do
 * there; without it (no child in the address), what the policy lets their role do on a team.
 */
export function childPagesFor(req: ChronicleRequest, access: AccessService, may?: ChildActions): ChildPage[] {
  const pages = [
    { key: 'chronology', path: 'chronology', text: 'Chronology' },
    { key: 'team', path: 'team', text: 'Team around the child' },
  ];
  if (!req.user) return pages;
  const caller = { user: req.user, correlationId: req.correlationId, clientAddress: req.ip ?? null };
  const onTeam = (action: PolicyAction, subject: PolicySubject) => access.grantsOnTheTeam(caller, action, subject);
  if (may ? may.recordEntries : onTeam('create', 'Entry')) pages.push({ key: 'add-entry', path: 'entries/new', text: 'Add an entry' });
  if (may ? may.importEntries : onTeam('create', 'Entry')) pages.push({ key: 'import', path: 'import', text: "Import your agency's chronology" });
  if (may ? may.print : onTeam('create', 'Export')) pages.push({ key: 'print', path: 'print', text: 'Print a chronology' });
  if (may ? may.mentoring : onTeam('read', 'Mentoring')) pages.push({ key: 'mentoring', path: 'mentoring', text: 'Mentoring' });
  return pages;
}

export function setPageLocals(req: ChronicleRequest, res: Response, access: AccessService): void {
  // A token is made only for a signed-in session: minting one would otherwise store a session for every visitor.
  const signedIn = req.user !== undefined && req.session?.identity !== undefined;
  const locals: PageLocals = { user: req.user ?? null, csrfToken: signedIn ? csrfTokenOf(req.session) : null, currentPath: req.path, navigation: navigationFor(req, access), childPages: childPagesFor(req, access) };
  Object.assign(res.locals, locals);
}
