import { RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import connectPgSimple from 'connect-pg-simple';
import express, { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { isIP } from 'node:net';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { AccessService } from './access/access.service';
import { sendError, toDomainError } from './common/all-exceptions.filter';
import { apiBodyRoutes } from './common/api-body-routes';
import { answerUnparsableRequests } from './common/unparsable-requests';
import { bodyLimitBytes, FORM_BYTES_PER_CHARACTER } from './common/body-limits';
import { apiJsonBodies } from './common/json-bodies';
import { correlationIdMiddleware } from './common/correlation-id.middleware';
import { DomainError } from './common/domain-error';
import { httpStatusFor } from './common/error-codes';
import type { ChronicleRequest } from './common/request-context';
import { Vocabularies } from './common/request-checks';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { postgresPool } from './database/postgres-pool';
import { DevIdentityProvider } from './dev-idp/dev-identity-provider';
import { DEV_IDENTITY_PROVIDER } from './dev-idp/dev-idp.module';
import { pageFormBodies } from './web/setup/form-bodies';
import { checkFormFieldsAtMost } from './web/pages/import.view-model';
import { DEFAULT_IMPORT_LIMITS } from './import/import-limits';
import { PAGE_FORM_DTOS } from './web/page-forms';
import { setUpNunjucks } from './web/setup/nunjucks';
import { securityHeaders } from './web/setup/security-headers';
import { serveStaticAssets } from './web/setup/static-assets';
import { isFileUploadPath, SEND_THE_FILE } from './import/import-file.interceptor';
import { isApiPath, isPagePath } from './common/request-paths';
import { WEB_PAGE_ROUTES } from './web/web-routes';
import { setPageLocals } from './web/page-locals';

/**
 * Everything about the HTTP pipeline that is not a Nest module: shared by the server and the
 * end-to-end tests so they exercise the same stack. Call before app.init().
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  // Only the proxies the operator names may say who the client is; with none, the peer is the client.
  app.set('trust proxy', config.trustedProxies.length > 0 ? config.trustedProxies : false);
  answerUnparsableRequests(app.getHttpServer());
  app.use(onlyAddressesForwarded);
  app.disable('x-powered-by');
  // Responses are per-user and sent with no-store, so hashing every body for an ETag is wasted work on large chronologies.
  app.disable('etag');
  app.use(correlationIdMiddleware);
  app.use(securityHeaders(config));
  serveStaticAssets(app.getHttpAdapter().getInstance());
  setUpNunjucks(app, config);
  app.use(refuseUndecodableAddresses(app.get(AccessService)));

  if (config.demoMode) {
    const idp = app.get<DevIdentityProvider>(DEV_IDENTITY_PROVIDER);
    app.use(new URL(idp.issuer).pathname, idp.router);
  }

  const browserSessions = session({
    name: config.session.cookieName,
    secret: config.session.secret,
    // The session ends after SESSION_TTL_SECONDS without a request; the cookie itself lasts until the browser closes, so a browser
    // coming back to an ended session still says so and can be told why it must sign in again.
    store: new (connectPgSimple(session))({
      pool: postgresPool(app.get<DataSource>(getDataSourceToken())),
      tableName: 'http_sessions',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
      ttl: config.session.ttlSeconds,
    }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.session.secureCookie },
  });
  // An API request with a bearer token is authenticated by the token alone (AuthenticationGuard): it needs no session, and minting one
  // costs. Sign-in and the pages keep what they put in the session (a sign-in in progress, an import) whatever else a request carries.
  app.use((req: Request, res: Response, next: NextFunction) => (req.headers.authorization && isApiPath(req.path) ? next() : browserSessions(req, res, next)));
  const jsonParser = (limit: number) => express.json({ limit, strict: true, reviver: rejectPrototypeKeys, verify: requireUtf8 });
  app.use('/api', requireJsonBodies, apiJsonBodies(apiBodyRoutes(app), jsonParser));
  app.use(
    pageFormBodies(config.import.maxFileBytes, {
      bytes: bodyLimitBytes(PAGE_FORM_DTOS, FORM_BYTES_PER_CHARACTER),
      fields: checkFormFieldsAtMost({ ...DEFAULT_IMPORT_LIMITS, maxRows: config.import.maxRows }),
    }),
  );
  app.use(bodyParserErrors(app.get(AccessService)));

  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'auth/{*path}', method: RequestMethod.ALL }, ...WEB_PAGE_ROUTES] });
  app.useGlobalPipes(createValidationPipe(app.get(Vocabularies)));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Chronicle API')
      .setDescription("Multi-agency chronology of a child's life. Send `Authorization: Bearer <access token>`; see README for `npm run token`.")
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

/**
 * The client address recorded in the audit trail comes from X-Forwarded-For when a trusted proxy
 * sent the request. Express takes the nearest hop it does not trust, even one that is not an
 * address at all ("not-an-ip"); hops from there leftwards are whatever the client wrote, so only
 * the addresses after the last such entry are kept.
 */
function onlyAddressesForwarded(req: Request, _res: Response, next: NextFunction): void {
  const header = req.headers['x-forwarded-for'];
  if (header !== undefined) {
    const hops = (Array.isArray(header) ? header.join(',') : header).split(',').map((hop) => hop.trim());
    const lastInvalid = hops.findLastIndex((hop) => isIP(hop) === 0);
    if (lastInvalid >= 0) {
      const kept = hops.slice(lastInvalid + 1);
      if (kept.length > 0) req.headers['x-forwarded-for'] = kept.join(', ');
      else delete req.headers['x-forwarded-for'];
    }
  }
  next();
}

/**
 * These keys are never data in this API, only attempts at prototype pollution; the validation pipe
 * would quietly drop them and let the rest through, so the whole body is refused here instead.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function rejectPrototypeKeys(key: string, value: unknown): unknown {
  if (PROTOTYPE_KEYS.has(key)) throw new SyntaxError(`"${key}" is not allowed in a request body`);
  return value;
}

/** JSON is UTF-8; other bytes would be stored as U+FFFD, silently changing what was sent. */
function requireUtf8(_req: Request, _res: Response, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('The request body is not UTF-8'), { type: 'entity.parse.failed' });
}

/**
 * The API takes JSON only: a body of another type would otherwise reach validation empty and be
 * refused for the wrong reasons. The one exception is a file upload, read by its route's interceptor,
 * which takes multipart/form-data only (JSON there would be refused field by field, never saying how
 * to send a file).
 */
function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const upload = req.method === 'POST' && isFileUploadPath(req.originalUrl.split('?')[0]);
  if (!hasBody || (upload ? req.is('multipart/form-data') : req.is('application/json'))) return next();
  const message = upload ? SEND_THE_FILE : 'Send the request body as application/json';
  sendError(res, new DomainError('UNSUPPORTED_MEDIA_TYPE', message), (req as ChronicleRequest).correlationId);
}

/**
 * An address with a % that begins no %-escape: Express refuses it only when it decodes a route's
 * parameter, in no words, and as JSON on a page too. Refused here instead: in words for the API, and
 * for a browser as the missing page any malformed address of a page is.
 */
function refuseUndecodableAddresses(access: AccessService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      decodeURIComponent(req.path);
      return next();
    } catch {
      const { correlationId } = req as ChronicleRequest;
      if (!isPagePath(req.path)) return sendError(res, new DomainError('VALIDATION_FAILED', 'The address is not valid: each % in it must begin a %-escape such as %20'), correlationId);
      setPageLocals(req as ChronicleRequest, res, access);
      res.status(404).render('errors/not-found', { correlationId });
    }
  };
}

/**
 * Body-parser failures happen before Nest's filters run; shape them the same way: JSON for the
 * API, a page for a form posted from a page (too long to send, say), in its words.
 */
function bodyParserErrors(access: AccessService) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (!error) return next();
    const refused = toDomainError(error);
    const { correlationId } = req as ChronicleRequest;
    if (!isPagePath(req.path)) return sendError(res, refused, correlationId);
    setPageLocals(req as ChronicleRequest, res, access);
    const template = refused.code === 'INTERNAL_ERROR' ? 'errors/problem' : 'errors/form-refused';
    res.status(httpStatusFor(refused.code)).render(template, { tooLarge: refused.code === 'PAYLOAD_TOO_LARGE', correlationId });
  };
}
