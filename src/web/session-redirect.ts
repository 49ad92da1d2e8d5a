import type { Request, Response } from 'express';
import { saveSession } from '../auth/session-data';

/** A redirect to a page that reads what was just put in the session: the session is written first (saveSession says why). */
export async function redirectOnceSaved(req: Request, res: Response, location: string): Promise<void> {
  await saveSession(req);
  res.redirect(303, location);
}
