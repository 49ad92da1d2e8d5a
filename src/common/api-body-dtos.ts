import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';

type DtoClass = abstract new (...args: never[]) => object;

/**
 * The classes the application's handlers take as their body (`@Body()`), read from the routes
 * themselves, so a new endpoint's DTO counts towards the API's body limit without being listed.
 */
export function apiBodyDtos(app: INestApplication): DtoClass[] {
  const dtos = new Set<DtoClass>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      for (const method of Object.getOwnPropertyNames(metatype.prototype)) {
        const parameters = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, method) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', metatype.prototype, method) ?? []) as unknown[];
        for (const [key, { index }] of Object.entries(parameters)) {
          const type = types[index];
          if (Number(key.split(':')[0]) === RouteParamtypes.BODY && typeof type === 'function' && type !== Object) dtos.add(type as DtoClass);
        }
      }
    }
  }
  return [...dtos];
}
