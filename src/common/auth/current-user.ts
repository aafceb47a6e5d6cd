import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from './roles.js';

/** The authenticated caller, as loaded from the database on every request. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ user: Actor }>().user;
});
