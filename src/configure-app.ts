import { RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import connectPgSimple from 'connect-pg-simple';
import express, { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { DataSource } from 'typeorm';
import { sendError, toDomainError } from './common/all-exceptions.filter';
import { correlationIdMiddleware } from './common/correlation-id.middleware';
import type { ChronicleRequest } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { postgresPool } from './database/postgres-pool';
import { DevIdentityProvider } from './dev-idp/dev-identity-provider';
import { DEV_IDENTITY_PROVIDER } from './dev-idp/dev-idp.module';

/**
 * Everything about the HTTP pipeline that is not a Nest module: shared by the server and the
 * end-to-end tests so they exercise the same stack. Call before app.init().
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  // Responses are per-user and sent with no-store, so hashing every body for an ETag is wasted work on large chronologies.
  app.disable('etag');
  app.use(correlationIdMiddleware);
  app.use(securityHeaders);

  if (config.demoMode) {
    const idp = app.get<DevIdentityProvider>(DEV_IDENTITY_PROVIDER);
    app.use(new URL(idp.issuer).pathname, idp.router);
  }

  app.use(
    session({
      name: config.session.cookieName,
      secret: config.session.secret,
      store: new (connectPgSimple(session))({ pool: postgresPool(app.get<DataSource>(getDataSourceToken())), tableName: 'http_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.session.secureCookie, maxAge: config.session.ttlSeconds * 1000 },
    }),
  );
  app.use('/api', express.json({ limit: config.jsonBodyLimitBytes, strict: true, reviver: rejectPrototypeKeys }));
  app.use(bodyParserErrors);

  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }, { path: 'auth/{*path}', method: RequestMethod.ALL }] });
  app.useGlobalPipes(createValidationPipe());

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

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cache-control', 'no-store');
  next();
}

/** `__proto__` in a body is never data, only an attempt at prototype pollution; refuse the body. */
function rejectPrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed in a request body');
  return value;
}

/** Body-parser failures happen before Nest's filters run; shape them the same way. */
function bodyParserErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (!error) return next();
  sendError(res, toDomainError(error), (req as ChronicleRequest).correlationId);
}
