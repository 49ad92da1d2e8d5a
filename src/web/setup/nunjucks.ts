import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../../config/app-config';
import nunjucks from 'nunjucks';
import { VIEW_FILTERS } from '../view-filters';
import { GOVUK_FRONTEND_DIST, VIEWS_DIR } from '../web-paths';

/**
 * Server-side templates: Chronicle's own views, then govuk-frontend's (its components are imported
 * as "govuk/components/..."). Output is escaped unless a template says otherwise.
 */
export function setUpNunjucks(app: NestExpressApplication, config: AppConfig): nunjucks.Environment {
  const environment = nunjucks.configure([VIEWS_DIR, GOVUK_FRONTEND_DIST], {
    autoescape: true,
    throwOnUndefined: false,
    express: app.getHttpAdapter().getInstance(),
  });
  for (const [name, filter] of Object.entries(VIEW_FILTERS)) environment.addFilter(name, filter as (...args: unknown[]) => string);
  environment.addGlobal('serviceName', 'Chronicle');
  environment.addGlobal('demoMode', config.demoMode);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');
  return environment;
}
