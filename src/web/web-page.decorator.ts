import { applyDecorators, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FormTokenRequired } from '../auth/cross-site-writes';
import { PageErrorFilter } from './page-error.filter';
import { PageLocalsInterceptor } from './page-locals.interceptor';

/**
 * A controller of web pages: its forms must carry the session's token, its errors are pages, and
 * its templates get the signed-in user. Authentication, rate limits and the access decisions are
 * the API's own: pages call the same services.
 */
export const WebPage = (): ClassDecorator => applyDecorators(FormTokenRequired(), UseFilters(PageErrorFilter), UseInterceptors(PageLocalsInterceptor), ApiExcludeController());
