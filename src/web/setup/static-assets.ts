import { Logger } from '@nestjs/common';
import express, { Express } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CLIENT_ASSETS_DIR, COMPILED_ASSETS_DIR, GOVUK_FRONTEND_DIST } from '../web-paths';

const ONE_HOUR_SECONDS = 3600;

/**
 * /assets: the compiled stylesheet, govuk-frontend's script and Chronicle's own small script and
 * icon. None holds personal data, so browsers may keep them for an hour. Nothing else of
 * govuk-frontend is served: its fonts (the GOV.UK Transport typeface) and crown images are GOV.UK's alone.
 */
export function serveStaticAssets(app: Express): void {
  if (!existsSync(path.join(COMPILED_ASSETS_DIR, 'application.css'))) {
    new Logger('WebAssets').warn(`No stylesheet in ${COMPILED_ASSETS_DIR}: pages will be unstyled until \`npm run build\` makes it`);
  }
  const options = { index: false, setHeaders: allowCaching };
  app.use('/assets', express.static(COMPILED_ASSETS_DIR, options), express.static(CLIENT_ASSETS_DIR, options));
  app.get('/assets/govuk-frontend.min.js', (_req, res) => {
    res.setHeader('cache-control', `public, max-age=${ONE_HOUR_SECONDS}`);
    res.sendFile(path.join(GOVUK_FRONTEND_DIST, 'govuk', 'govuk-frontend.min.js'));
  });
}

function allowCaching(res: express.Response): void {
  res.setHeader('cache-control', `public, max-age=${ONE_HOUR_SECONDS}`);
}
