import type { AccessService } from '../access/access.service';
import type { ChronicleRequest } from '../common/request-context';
import { navigationFor } from './page-locals';

/** An access service whose policy grants exactly these "action Subject" pairs. */
const granting = (...granted: string[]) => ({ grants: (_caller: unknown, action: string, subject: string) => granted.includes(`${action} ${subject}`) }) as unknown as AccessService;
const request = (path: string, signedIn = true) => ({ path, user: signedIn ? { subject: 'someone' } : undefined, correlationId: 'c', ip: '127.0.0.1' }) as unknown as ChronicleRequest;
const links = (items: { text: string; current: boolean }[]) => items.map((item) => `${item.text}${item.current ? ' (here)' : ''}`);

describe("the header's navigation", () => {
  it('links to the data protection and administration areas only for a role the policy lets in', () => {
    expect(links(navigationFor(request('/'), granting()))).toEqual(['My children (here)', 'Find a child', 'Request access']);
    expect(links(navigationFor(request('/dpo/audit'), granting('read AuditLog')))).toEqual(['My children', 'Find a child', 'Request access', 'Data protection (here)']);
    expect(links(navigationFor(request('/admin'), granting('manage Team')))).toEqual(['My children', 'Find a child', 'Request access', 'Administration (here)']);
  });

  it('offers neither area to a visitor who has not signed in', () => {
    expect(links(navigationFor(request('/signed-out', false), granting('read AuditLog', 'manage Team')))).toEqual(['My children', 'Find a child', 'Request access']);
  });

  it('marks an area current on its own pages only, not on a page whose address merely starts alike', () => {
    expect(links(navigationFor(request('/dpo-something'), granting('read AuditLog')))).toContain('Data protection');
  });
});
