import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../common/auth/current-user.js';
import { IS_PUBLIC, ROLES_KEY } from '../common/auth/decorators.js';
import type { Role } from '../common/auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { validationError } from '../common/validation.js';
import { LoginDto } from './dto/login.dto.js';

/** Global guard #1: every route needs a valid token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    return isPublic ? true : super.canActivate(ctx);
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (!user) {
      const name = (info as { name?: string } | undefined)?.name;
      throw new DomainError(name === 'TokenExpiredError' ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED');
    }
    return user;
  }
}

/**
 * Global guard #2: the caller's role must be listed in @Roles(). A route with neither
 * @Public() nor @Roles() is refused to everyone: deny by default.
 */
@Injectable()
export class RolesGuard {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const actor = ctx.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (!actor || !roles.includes(actor.role)) throw new DomainError('FORBIDDEN_ROLE');
    return true;
  }
}

/** passport-local, after the body has been validated like any other DTO (400, not 401, for a bad body). */
@Injectable()
export class LocalLoginGuard extends AuthGuard('local') {
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const body = ctx.switchToHttp().getRequest<{ body: unknown }>().body ?? {};
    const dto = plainToInstance(LoginDto, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw validationError(errors);
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new DomainError('INVALID_CREDENTIALS');
    return user;
  }
}
