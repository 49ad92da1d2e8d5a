import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../access/access.service';
import { CrossSiteWriteRefused } from '../auth/cross-site-writes';
import { failedRequest } from '../common/all-exceptions.filter';
import { DomainError } from '../common/domain-error';
import { httpStatusFor } from '../common/error-codes';
import type { ChronicleRequest } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { formPageOf } from './form-page';
import { methodsAt } from '../common/allowed-methods';
import { isPagePath } from '../common/request-paths';
import { setPageLocals } from './page-locals';

/**
 * Errors on web pages, as pages: signing in for a visitor without a session, a plain word for a
 * session that ended, and the design system's error pages for the rest. A page says no more than
 * the API would: "not found" covers a child one may not know of, and the message of an unexpected
 * error is never shown (its correlation id is, to quote).
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageErrorFilter.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const failed = failedRequest(exception, host, this.logger);
    if (!failed) return;
    const { req, res, error } = failed;
    if (error.code === 'UNAUTHENTICATED') return this.signIn(req, res);
    setPageLocals(req, res, this.access);
    const { template, status } = errorPage(error, req);
    if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.retryAfterSeconds));
    const problems = error.details.length > 0 ? error.details.map((detail) => detail.problem) : [error.message];
    // A link or a filter's address (a GET) sent what the page cannot use; a posted form, what it cannot save.
    const fromAddress = req.method === 'GET' || req.method === 'HEAD';
    res.status(status).render(template, { message: error.message, problems, fromAddress, retryAfterSeconds: error.retryAfterSeconds, correlationId: req.correlationId });
  }

  /**
   * A browser back with the cookie of a session that has since ended is told so; anyone else goes
   * to sign in, and comes back here after: to the page asked for, or for a form posted, to the page
   * the form is on (what was typed is not kept: the session it belonged to has ended).
   */
  private signIn(req: ChronicleRequest, res: Response): void {
    const returnTo = req.method === 'GET' ? req.originalUrl : formPageOf(req.path, (path) => isPagePath(path) && methodsAt(req.app, path).includes('GET'));
    const signInUrl = `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
    if (this.sessionEnded(req)) {
      res.clearCookie(this.config.session.cookieName, { httpOnly: true, sameSite: 'lax', secure: this.config.session.secureCookie });
      setPageLocals(req, res, this.access);
      res.status(401).render('errors/session-ended', { signInUrl, idleSeconds: this.config.session.ttlSeconds });
      return;
    }
    res.redirect(303, signInUrl);
  }

  private sessionEnded(req: ChronicleRequest): boolean {
    const sentCookie = (req.headers.cookie ?? '').split(';').some((pair) => pair.trim().startsWith(`${this.config.session.cookieName}=`));
    return sentCookie && req.session?.pendingLogin === undefined;
  }
}

function errorPage(error: DomainError, req: ChronicleRequest): { template: string; status: number } {
  if (error instanceof CrossSiteWriteRefused) return { template: 'errors/form-expired', status: 403 };
  switch (error.code) {
    case 'VALIDATION_FAILED':
      // A malformed id in the address is a page that does not exist, as far as the reader is concerned; what a form or a
      // query sent wrong (a NUL pasted into a field) is said, as the API says it, not passed off as a missing page.
      if (!namesOnlyPathParameters(error, req)) return { template: 'errors/form-refused', status: 400 };
      return { template: 'errors/not-found', status: 404 };
    case 'NOT_FOUND':
    case 'ROUTE_NOT_FOUND':
      return { template: 'errors/not-found', status: 404 };
    case 'FORBIDDEN':
    case 'FIELD_NOT_WRITABLE':
    case 'ACCOUNT_NOT_RECOGNISED':
      return { template: 'errors/forbidden', status: 403 };
    case 'ENTRY_ENTERED_IN_ERROR':
      // A form posted for an entry since marked entered in error (its page no longer offers it): the service's words.
      return { template: 'errors/forbidden', status: 409 };
    case 'RATE_LIMITED':
      return { template: 'errors/too-many-requests', status: 429 };
    case 'SERVICE_UNAVAILABLE':
      return { template: 'errors/unavailable', status: 503 };
    default:
      return { template: 'errors/problem', status: httpStatusFor(error.code) >= 500 ? 500 : httpStatusFor(error.code) };
  }
}

function namesOnlyPathParameters(error: DomainError, req: ChronicleRequest): boolean {
  return error.details.length > 0 && error.details.every((detail) => detail.field !== undefined && Object.hasOwn(req.params ?? {}, detail.field));
}
