import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { CSSD_STAFF, type Role } from '../common/auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { User } from '../users/user.entity.js';
import { toUserView } from '../users/user.view.js';
import type { TokenView } from './dto/login.dto.js';
import type { SecondPersonDto } from './dto/second-person.dto.js';
import { ActorCache } from './actor-cache.js';
import { LoginThrottle } from './login-throttle.js';
import { dummyHash, verifySecret } from './password.js';

export interface JwtPayload {
  sub: string;
  role: Role;
}

export function toActor(u: User): Actor {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, departmentId: u.departmentId };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actors: ActorCache,
  ) {}

  /** Username + password → the user, or a coded refusal. Counts failures for the lockout. */
  async validateLogin(username: string, password: string): Promise<User> {
    const name = username.trim().toLowerCase();
    const key = `user:${name}`;
    this.throttle.assertNotLocked(key);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :name', { name })
      .getOne();
    const ok = await verifySecret(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok) {
      this.throttle.recordFailure(key);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    if (!user.active) throw new DomainError('ACCOUNT_INACTIVE');
    this.throttle.recordSuccess(key);
    return user;
  }

  issueToken(user: User): TokenView {
    const payload: JwtPayload = { sub: user.id, role: user.role };
    const expiresIn = this.config.jwtTtlHours * 3600;
    return {
      accessToken: this.jwt.sign(payload, { expiresIn }),
      tokenType: 'Bearer',
      expiresIn,
      user: toUserView(user),
    };
  }

  /** Called for every authenticated request: a deactivated user's token stops working at once. */
  async actorForToken(payload: JwtPayload): Promise<Actor> {
    const cached = this.actors.get(payload.sub);
    if (cached) return cached;
    const user = await this.db.getRepository(User).findOneBy({ id: payload.sub });
    if (!user) throw new DomainError('UNAUTHENTICATED');
    if (!user.active) throw new DomainError('ACCOUNT_INACTIVE');
    const actor = toActor(user);
    this.actors.set(actor);
    return actor;
  }

  async me(actor: Actor) {
    const user = await this.db.getRepository(User).findOneByOrFail({ id: actor.id });
    return toUserView(user);
  }

  /**
   * The second-person check (§5): authenticates someone other than the actor, with one of
   * `roles`. Every two-person action calls this with the credentials it carried; one that
   * runs in a transaction passes its manager, so the check reads on the transaction's own
   * connection (waiting for a second one deadlocks once every pooled connection is held).
   */
  async verifySecondPerson(actor: Actor, cred: SecondPersonDto | undefined, roles: Role[] = CSSD_STAFF, m: EntityManager = this.db.manager): Promise<Actor> {
    if (!cred || (!cred.username && !cred.badgeCode)) throw new DomainError('SECOND_PERSON_REQUIRED');
    const byBadge = !cred.username;
    const key = byBadge ? `badge:${cred.badgeCode}` : `user:${cred.username!.trim().toLowerCase()}`;
    this.throttle.assertNotLocked(key);
    const q = m.getRepository(User).createQueryBuilder('u');
    if (byBadge) q.addSelect('u.pinHash').where('u.badge_code = :b', { b: cred.badgeCode });
    else q.addSelect('u.passwordHash').where('u.username = :n', { n: cred.username!.trim().toLowerCase() });
    const user = await q.getOne();
    const hash = byBadge ? user?.pinHash : user?.passwordHash;
    const secret = (byBadge ? cred.pin : cred.password) ?? '';
    const ok = await verifySecret(hash ?? (await dummyHash()), secret);
    if (!user || !hash || !ok || !user.active) {
      this.throttle.recordFailure(key);
      throw new DomainError('SECOND_PERSON_INVALID');
    }
    this.throttle.recordSuccess(key);
    if (user.id === actor.id) throw new DomainError('SECOND_PERSON_SAME_AS_ACTOR');
    if (!roles.includes(user.role)) throw new DomainError('SECOND_PERSON_ROLE', { roles: roles.join(', ') });
    return toActor(user);
  }
}
