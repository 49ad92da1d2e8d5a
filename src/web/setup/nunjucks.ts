import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import * as path from 'node:path';
import nunjucks from 'nunjucks';
import type { AppConfig } from '../../config/app-config';
import { VIEW_FILTERS } from '../view-filters';
import { GOVUK_FRONTEND_DIST, VIEWS_DIR } from '../web-paths';
import { sendPagesRenderedAsBytes, spliceHtmlBytes } from './html-bytes';

/**
 * Server-side templates: Chronicle's own views, then govuk-frontend's (its components are imported
 * as "govuk/components/..."). Output is escaped unless a template says otherwise.
 */
export function setUpNunjucks(app: NestExpressApplication, config: AppConfig): nunjucks.Environment {
  const environment = nunjucks.configure([VIEWS_DIR, GOVUK_FRONTEND_DIST], { autoescape: true, throwOnUndefined: false });
  for (const [name, filter] of Object.entries(VIEW_FILTERS)) environment.addFilter(name, filter as (...args: unknown[]) => string);
  environment.addGlobal('serviceName', 'Chronicle');
  environment.addGlobal('demoMode', config.demoMode);
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('njk');
  const expressApp = app.getHttpAdapter().getInstance() as Express;
  expressApp.set('view', chronicleView(environment));
  sendPagesRenderedAsBytes(expressApp);
  return environment;
}

/**
 * Express's view of a template: rendered by Nunjucks, with the view's HtmlBytes spliced in. In place
 * of Nunjucks' own Express view, which can only hand Express a string.
 */
function chronicleView(environment: nunjucks.Environment) {
  return class ChronicleView {
    readonly path: string;

    constructor(name: string, options: { defaultEngine: string }) {
      this.path = path.extname(name) ? name : `${name}.${options.defaultEngine.replace(/^\./, '')}`;
    }

    render(view: Record<string, unknown>, done: (error: Error | null, page?: string | Buffer[]) => void): void {
      environment.render(this.path, view, (error, rendered) => {
        if (error) return done(error);
        let page: string | Buffer[];
        try {
          page = spliceHtmlBytes(rendered ?? '', view);
        } catch (spliceError) {
          return done(spliceError as Error);
        }
        done(null, page);
      });
    }
  };
}
