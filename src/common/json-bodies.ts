import express, { RequestHandler, Router } from 'express';
import type { ApiBodyRoute } from './api-body-routes';
import { bodyLimitBytes, JSON_BYTES_PER_CHARACTER, UNSIZED_BODY_LIMIT_BYTES } from './body-limits';

/**
 * The API's JSON bodies: a route whose DTO may legitimately carry more than an unsized body is
 * read up to what its DTO allows (bodyLimitBytes), and only there; every other request up to the
 * unsized limit. `parserFor` makes a JSON parser of a given limit, the same in all but its size.
 */
export function apiJsonBodies(routes: readonly ApiBodyRoute[], parserFor: (limitBytes: number) => RequestHandler): Router {
  const router = express.Router();
  for (const { method, path, dto } of routes) {
    const limit = bodyLimitBytes([dto], JSON_BYTES_PER_CHARACTER);
    if (limit > UNSIZED_BODY_LIMIT_BYTES) router[method as 'post'](path, parserFor(limit));
  }
  // A body read above is not read again: the parser passes over a request whose body it has.
  router.use(parserFor(UNSIZED_BODY_LIMIT_BYTES));
  return router;
}
