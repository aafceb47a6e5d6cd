import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES_KEY } from '../../src/common/auth/decorators.js';
import type { Role } from '../../src/common/auth/roles.js';
import type { TestApp } from './app.js';

export interface Route {
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** Every route the application really registered, read from Nest's own metadata. */
export function routeTable(t: TestApp): Route[] {
  const modules = t.app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const routes: Route[] = [];
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const cls = instance.constructor;
    const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = `/api/${[base, String(sub)].filter((s) => s && s !== '/').join('/')}`.replace(/\/+/g, '/');
      routes.push({
        method,
        path,
        isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, cls]) ?? false,
        roles: reflector.getAllAndOverride<Role[]>(ROLES_KEY, [handler, cls]),
      });
    }
  }
  return routes;
}
