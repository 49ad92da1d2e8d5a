import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { ChronicleRequest } from './request-context';

const SAFE_CORRELATION_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuses a caller's correlation id when it is safe to echo into logs and headers, otherwise mints one. */
export function correlationIdMiddleware(req: ChronicleRequest, res: Response, next: NextFunction): void {
  const incoming = req.header('x-correlation-id');
  req.correlationId = incoming && SAFE_CORRELATION_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-correlation-id', req.correlationId);
  next();
}
