import type { Response } from 'express';
import type { Principal } from '../auth/principal';
import { csrfTokenOf } from '../auth/cross-site-writes';
import type { ChronicleRequest } from '../common/request-context';

/** What the layout shows on every page: who is signed in (with the token their forms carry, sign-out among them) and where they are. */
export interface PageLocals {
  user: Principal | null;
  csrfToken: string | null;
  currentPath: string;
}

export function setPageLocals(req: ChronicleRequest, res: Response): void {
  // A token is made only for a signed-in session: minting one would otherwise store a session for every visitor.
  const signedIn = req.user !== undefined && req.session?.identity !== undefined;
  const locals: PageLocals = { user: req.user ?? null, csrfToken: signedIn ? csrfTokenOf(req.session) : null, currentPath: req.path };
  Object.assign(res.locals, locals);
}
