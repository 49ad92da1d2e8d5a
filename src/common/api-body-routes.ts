import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { DtoClass } from './body-limits';

/** A route that takes a DTO as its JSON body: its method (lower case, as Express names it), its path under /api, and the DTO. */
export interface ApiBodyRoute {
  method: string;
  path: string;
  dto: DtoClass;
}

const joined = (...parts: (string | undefined)[]) => `/${parts.flatMap((part) => (part ?? '').split('/')).filter(Boolean).join('/')}`;
const paths = (path: unknown): (string | undefined)[] => (Array.isArray(path) ? path.map(String) : [typeof path === 'string' ? path : undefined]);

/**
 * The routes whose handlers take a class as their body (`@Body()`), read from the controllers
 * themselves, so a new endpoint's DTO sets its own body limit without being listed anywhere.
 * Handlers that take a plain record (the pages' forms) are left out: their forms are bounded apart.
 */
export function apiBodyRoutes(app: INestApplication): ApiBodyRoute[] {
  const routes: ApiBodyRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = (metatype.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const parameters = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', metatype.prototype, name) ?? []) as unknown[];
        for (const [key, { index }] of Object.entries(parameters)) {
          const dto = types[index];
          if (Number(key.split(':')[0]) !== RouteParamtypes.BODY || typeof dto !== 'function' || dto === Object) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
          for (const base of paths(Reflect.getMetadata(PATH_METADATA, metatype))) {
            for (const own of paths(Reflect.getMetadata(PATH_METADATA, handler))) routes.push({ method, path: joined(base, own), dto: dto as DtoClass });
          }
        }
      }
    }
  }
  return routes;
}
