import type { AccessService } from '../access/access.service';
import type { ChronicleRequest } from '../common/request-context';
import { childPagesFor, navigationFor, withUnreadCount } from './page-locals';

/** An access service whose policy grants exactly these "action Subject" pairs (on a team: "team action Subject"). */
const granting = (...granted: string[]) =>
  ({
    grants: (_caller: unknown, action: string, subject: string) => granted.includes(`${action} ${subject}`),
    grantsOnTheTeam: (_caller: unknown, action: string, subject: string) => granted.includes(`team ${action} ${subject}`),
  }) as unknown as AccessService;
const request = (path: string, signedIn = true) => ({ path, user: signedIn ? { subject: 'someone' } : undefined, correlationId: 'c', ip: '127.0.0.1' }) as unknown as ChronicleRequest;
const links = (items: { text: string; current: boolean }[]) => items.map((item) => `${item.text}${item.current ? ' (here)' : ''}`);

describe("the header's navigation", () => {
  it('links to the data protection and administration areas only for a role the policy lets in', () => {
    expect(links(navigationFor(request('/'), granting()))).toEqual(['My children (here)', 'Find a child', 'Request access']);
    expect(links(navigationFor(request('/dpo/audit'), granting('read AuditLog')))).toEqual(['My children', 'Find a child', 'Request access', 'Data protection (here)']);
    expect(links(navigationFor(request('/admin'), granting('manage Team')))).toEqual(['My children', 'Find a child', 'Request access', 'Administration (here)']);
  });

  it('links to the inbox only for a role the policy lets read entries on a team, and offers the child pages it lets them use', () => {
    expect(links(navigationFor(request('/inbox'), granting('team read Entry')))).toEqual(['My children', 'Find a child', 'Request access', 'Notifications (here)']);
    expect(links(navigationFor(request('/'), granting('read AuditLog')))).not.toContain('Notifications');
    expect(childPagesFor(request('/'), granting('team create Entry')).map((page) => page.key)).toEqual(['chronology', 'team', 'add-entry', 'import']);
    expect(childPagesFor(request('/'), granting('team create Export', 'team read Mentoring')).map((page) => page.key)).toEqual(['chronology', 'team', 'print', 'mentoring']);
    // For one child, what the caller may do for that child decides, whatever the role may do on a team.
    const may = { recordEntries: false, importEntries: false, print: false, readPrints: false, mentoring: false };
    expect(childPagesFor(request('/'), granting('team create Entry', 'team create Export'), may).map((page) => page.key)).toEqual(['chronology', 'team']);
    expect(childPagesFor(request('/'), granting(), { ...may, importEntries: true, print: true }).map((page) => page.key)).toEqual(['chronology', 'team', 'import', 'print']);
  });

  it('shows the unread count in the inbox link only, in words for screen readers', () => {
    const navigation = withUnreadCount(navigationFor(request('/'), granting('team read Entry')), 3);
    expect(navigation.filter((item) => item.html)).toEqual([expect.objectContaining({ href: '/inbox', html: expect.stringContaining('3<span class="govuk-visually-hidden"> unread</span>') })]);
    expect(withUnreadCount(navigation, 0)).toBe(navigation);
  });

  it('offers neither area to a visitor who has not signed in', () => {
    expect(links(navigationFor(request('/signed-out', false), granting('read AuditLog', 'manage Team')))).toEqual(['My children', 'Find a child', 'Request access']);
  });

  it('marks an area current on its own pages only, not on a page whose address merely starts alike', () => {
    expect(links(navigationFor(request('/dpo-something'), granting('read AuditLog')))).toContain('Data protection');
  });
});
