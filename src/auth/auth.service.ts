import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { CSSD_STAFF, roleList, type Role } from '../common/auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { User } from '../users/user.entity.js';
import { toUserView } from '../users/user.view.js';
import type { TokenView } from './dto/login.dto.js';
import type { SecondPersonDto } from './dto/second-person.dto.js';
import { ActorCache } from '../users/actor-cache.js';
import { UsersRepository } from '../users/users.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { dummyHash, verifySecret } from '../users/password.js';

export interface JwtPayload {
  sub: string;
  role: Role;
  /** The user's token version when issued (absent in tokens issued before versions: 0). */
  tv?: number;
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
    @Inject(UsersRepository) private readonly users: UsersRepository,
  ) {}

  /**
   * Username + password → the user, or a coded refusal. `source` is the client's address: the
   * throttle locks a source, never an account (src/auth/login-throttle.ts). A deactivated
   * account answers exactly like a wrong password until the password is right (issue 13 §3).
   */
  async validateLogin(username: string, password: string, source = 'unknown'): Promise<User> {
    const name = username.trim().toLowerCase();
    const account = `user:${name}`;
    await this.throttle.beforeAttempt(account, source);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :name', { name })
      .getOne();
    const ok = await verifySecret(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok) {
      this.throttle.recordFailure(account, source);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    this.throttle.recordSuccess(account, source);
    if (!user.active) throw new DomainError('ACCOUNT_INACTIVE');
    return user;
  }

  /**
   * Badge + PIN → the user, at a station (issue 12): a nurse scans her badge instead of typing a
   * password at 2 a.m. Only CSSD staff sign in this way; anyone else's badge answers like a wrong
   * PIN. Throttled like a password sign-in, under its own key (a badge's co-signatures are apart).
   */
  async validateBadgeLogin(badgeCode: string, pin: string, source = 'unknown'): Promise<User> {
    const account = `badge-login:${badgeCode}`;
    await this.throttle.beforeAttempt(account, source);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.pinHash')
      .where('u.badge_code = :b', { b: badgeCode })
      .getOne();
    const ok = await verifySecret(user?.pinHash ?? (await dummyHash()), pin);
    if (!user || !user.pinHash || !ok || !CSSD_STAFF.includes(user.role)) {
      this.throttle.recordFailure(account, source);
      throw new DomainError('INVALID_CREDENTIALS');
    }
    this.throttle.recordSuccess(account, source);
    if (!user.active) throw new DomainError('ACCOUNT_INACTIVE');
    return user;
  }

  issueToken(user: User): TokenView {
    const payload: JwtPayload = { sub: user.id, role: user.role, tv: user.tokenVersion };
    const expiresIn = this.config.jwtTtlHours * 3600;
    return {
      accessToken: this.jwt.sign(payload, { expiresIn }),
      tokenType: 'Bearer',
      expiresIn,
      user: toUserView(user),
    };
  }

  /**
   * Called for every authenticated request: a deactivated user's token stops working at once, and
   * so does every token issued before the user's last password reset, deactivation or sign-out.
   */
  async actorForToken(payload: JwtPayload): Promise<Actor> {
    const tv = payload.tv ?? 0;
    const cached = this.actors.get(payload.sub, tv);
    if (cached) return cached;
    const user = await this.db.getRepository(User).findOneBy({ id: payload.sub });
    if (!user) throw new DomainError('UNAUTHENTICATED');
    if (!user.active) throw new DomainError('ACCOUNT_INACTIVE');
    if (user.tokenVersion !== tv) throw new DomainError('SESSION_ENDED');
    const actor = toActor(user);
    this.actors.set(actor, tv);
    return actor;
  }

  /** Sign-out: ends the caller's sessions — every token the user holds (tokens are not stored one by one). */
  async logout(actor: Actor): Promise<void> {
    await this.users.endSessions(this.db.manager, actor.id);
    this.actors.forget(actor.id);
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
  async verifySecondPerson(
    actor: Actor,
    cred: SecondPersonDto | undefined,
    roles: Role[] = CSSD_STAFF,
    m: EntityManager = this.db.manager,
  ): Promise<Actor> {
    const user = await this.authenticate(actor, cred, m);
    if (user.id === actor.id) throw new DomainError('SECOND_PERSON_SAME_AS_ACTOR');
    if (!roles.includes(user.role)) throw new DomainError('SECOND_PERSON_ROLE', { roles: roleList(roles) });
    return toActor(user);
  }

  /**
   * A signature by badge + PIN (or username + password) that may be the signed-in user's own — the
   * outgoing nurse signing her shift handover at her station — with the same checks and throttle as
   * the second-person check; the caller decides who may sign.
   */
  async verifySigner(actor: Actor, cred: SecondPersonDto | undefined, roles: Role[], m: EntityManager = this.db.manager): Promise<Actor> {
    const user = await this.authenticate(actor, cred, m);
    if (!roles.includes(user.role)) throw new DomainError('SECOND_PERSON_ROLE', { roles: roleList(roles) });
    return toActor(user);
  }

  /** The person the credentials name, authenticated (throttled per account and per signed-in station user). */
  private async authenticate(actor: Actor, cred: SecondPersonDto | undefined, m: EntityManager): Promise<User> {
    if (!cred || (!cred.username && !cred.badgeCode)) throw new DomainError('SECOND_PERSON_REQUIRED');
    const byBadge = !cred.username;
    // The source is the signed-in station user, not an address: anonymous requests cannot lock a
    // co-signer, and a badge has its own key, apart from sign-in by username (issue 13 §3).
    const account = byBadge ? `badge:${cred.badgeCode}` : `user:${cred.username!.trim().toLowerCase()}`;
    const source = `actor:${actor.id}`;
    await this.throttle.beforeAttempt(account, source);
    const q = m.getRepository(User).createQueryBuilder('u');
    if (byBadge) q.addSelect('u.pinHash').where('u.badge_code = :b', { b: cred.badgeCode });
    else q.addSelect('u.passwordHash').where('u.username = :n', { n: cred.username!.trim().toLowerCase() });
    const user = await q.getOne();
    const hash = byBadge ? user?.pinHash : user?.passwordHash;
    const secret = (byBadge ? cred.pin : cred.password) ?? '';
    const ok = await verifySecret(hash ?? (await dummyHash()), secret);
    if (!user || !hash || !ok || !user.active) {
      this.throttle.recordFailure(account, source);
      throw new DomainError('SECOND_PERSON_INVALID');
    }
    this.throttle.recordSuccess(account, source);
    return user;
  }
}
