import { Injectable, RequestMethod } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService } from '@nestjs/core';
import { safeReturnPath } from '../auth/auth.service';

/**
 * The page a form posted to `postPath` is on, for returning there after signing in again: the
 * path itself where a page answers GET there (most forms post to their own page), else the nearest
 * page above it (`/child/:id/print/:exportId` is a button on `/child/:id/print`), else `/`. Only
 * ever a path of this server (`safeReturnPath`), so never a way off it.
 */
export function formPageOf(postPath: string, isPage: (path: string) => boolean): string {
  const segments = safeReturnPath(postPath).split('?')[0].split('/').filter(Boolean);
  for (let length = segments.length; length > 0; length -= 1) {
    const path = `/${segments.slice(0, length).join('/')}`;
    if (isPage(path)) return path;
  }
  return '/';
}

/** The web pages that answer GET, as patterns made from their controllers' routes (the `@WebPage()` controllers that `isWebPage` picks out). */
export function getPagePatterns(controllers: { path: unknown; methods: { path: unknown; method: unknown }[] }[]): RegExp[] {
  const paths = (value: unknown) => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);
  return controllers.flatMap((controller) =>
    controller.methods
      .filter((method) => method.method === RequestMethod.GET)
      .flatMap((method) => paths(controller.path).flatMap((base) => paths(method.path).map((own) => [base, own].join('/'))))
      .map((path) => {
        const segments = path.split('/').filter(Boolean).map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        return new RegExp(`^/${segments.join('/')}$`);
      }),
  );
}

/** Which addresses are web pages one may GET, read once from the page controllers. */
@Injectable()
export class WebPageAddresses {
  private patterns?: RegExp[];

  constructor(private readonly discovery: DiscoveryService) {}

  isPage(path: string): boolean {
    this.patterns ??= getPagePatterns(
      this.discovery
        .getControllers()
        .map((wrapper) => wrapper.metatype as (new (...args: never[]) => unknown) | null)
        .filter((metatype): metatype is new (...args: never[]) => unknown => !!metatype && isWebPage(metatype))
        .map((metatype) => ({
          path: Reflect.getMetadata(PATH_METADATA, metatype),
          methods: Object.getOwnPropertyNames(metatype.prototype)
            .map((name) => (metatype.prototype as Record<string, unknown>)[name])
            .filter((handler): handler is object => typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
            .map((handler) => ({ path: Reflect.getMetadata(PATH_METADATA, handler), method: Reflect.getMetadata(METHOD_METADATA, handler) })),
        })),
    );
    return this.patterns.some((pattern) => pattern.test(path));
  }
}

/** A `@WebPage()` controller: its errors go through the page error filter. */
function isWebPage(metatype: object): boolean {
  const filters: unknown[] = Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, metatype) ?? [];
  return filters.some((filter) => typeof filter === 'function' && filter.name === 'PageErrorFilter');
}
