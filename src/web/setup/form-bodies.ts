import express, { NextFunction, Request, RequestHandler, Response } from 'express';

const parseForm = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 });

/** Web page forms post urlencoded bodies; the API takes JSON only and the development identity provider parses its own. */
export function pageFormBodies(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') || req.path === '/api' ? next() : parseForm(req, res, next));
}
