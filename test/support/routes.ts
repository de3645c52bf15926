import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DtoClass, hasValidation } from './dto-fields';

export interface BodyRoute {
  /** `POST /v1/services/:id/status-changes` */
  route: string;
  /** The type of the handler's @Body() parameter. */
  dto: DtoClass;
  /** Whether class-validator checks it (a DTO), or the handler reads it as it is (a Buffer). */
  validated: boolean;
}

const join = (...parts: (string | undefined)[]) => `/${parts.filter((p) => p && p !== '/').map((p) => p!.replace(/^\/|\/$/g, '')).join('/')}`;

/** Every route of the application that takes a body, with the body's type, read from Nest's route metadata. */
export function bodyRoutes(app: INestApplication): BodyRoute[] {
  const routes: BodyRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (abstract new (...args: never[]) => object) | null;
      if (!controller) continue;
      const controllerPath = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      const version = Reflect.getMetadata(VERSION_METADATA, controller) as string | undefined;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as DtoClass[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.BODY) continue;
          const dto = types[arg.index];
          const route = `${RequestMethod[method]} ${join(version ? `v${version}` : undefined, controllerPath, Reflect.getMetadata(PATH_METADATA, handler) as string)}`;
          routes.push({ route, dto, validated: typeof dto === 'function' && hasValidation(dto) });
        }
      }
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}
