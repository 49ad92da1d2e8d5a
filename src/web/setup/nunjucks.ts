import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Response } from 'express';
import * as path from 'node:path';
import nunjucks from 'nunjucks';
import type { AppConfig } from '../../config/app-config';
import { VIEW_FILTERS } from '../view-filters';
import { GOVUK_FRONTEND_DIST, VIEWS_DIR } from '../web-paths';
import { spliceHtmlBytes } from './html-bytes';

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
  const express = app.getHttpAdapter().getInstance() as Express;
  express.set('view', chronicleView(environment));
  sendRenderedBytesAsHtml(express);
  return environment;
}

/** Express's view of a template: rendered by Nunjucks, with the view's HtmlBytes spliced in. */
function chronicleView(environment: nunjucks.Environment) {
  return class ChronicleView {
    readonly path: string;

    constructor(readonly name: string) {
      this.path = path.extname(name) ? name : `${name}.njk`;
    }

    render(view: Record<string, unknown>, done: (error: Error | null, page?: string | Buffer[]) => void): void {
      environment.render(this.path, view, (error, rendered) => (error ? done(error) : done(null, spliceHtmlBytes(rendered ?? '', view))));
    }
  };
}

/** A page rendered to chunks of bytes is sent as HTML, chunk by chunk; Express's own send takes one string or buffer. */
function sendRenderedBytesAsHtml(express: Express): void {
  type Render = (this: Response, name: string, view?: object, done?: (error: Error | null, page: string | Buffer[]) => void) => void;
  const render = express.response.render as Render;
  const renderAsPage: Render = function (name, view, done) {
    if (done || typeof view === 'function') return render.call(this, name, view, done);
    render.call(this, name, view, (error, page) => {
      if (error) return this.req.next?.(error);
      if (typeof page === 'string') return void this.send(page);
      this.type('html').setHeader('Content-Length', page.reduce((length, chunk) => length + chunk.length, 0));
      if (this.req.method === 'HEAD') return void this.end();
      this.cork();
      for (const chunk of page) this.write(chunk);
      this.uncork();
      this.end();
    });
  };
  express.response.render = renderAsPage as Express['response']['render'];
}
