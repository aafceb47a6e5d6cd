import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { authErrorResponses } from '../errors/api-errors.js';
import type { Role } from './roles.js';

export const IS_PUBLIC = 'cssd:isPublic';
export const ROLES_KEY = 'cssd:roles';

/** Open route: no token needed (login, health, docs). Everything else is closed by default. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/**
 * The roles allowed on a route. A route without @Roles and without @Public is refused to
 * everyone by the RolesGuard, so a forgotten decorator fails closed.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension('x-roles', roles), ...authErrorResponses());
