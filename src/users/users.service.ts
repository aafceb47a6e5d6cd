import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ActorCache } from './actor-cache.js';
import { hashSecret } from './password.js';
import { passwordProblem, pinProblem } from '../config/secret-policy.js';
import { Department } from '../catalog/department.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import type { Role } from '../common/auth/roles.js';
import { DomainError } from '../common/errors/domain-error.js';
import { uniqueOr409 } from '../common/errors/unique.js';
import { Certification } from './certification.entity.js';
import type { AddCertificationDto, CreateUserDto, UpdateUserDto } from './dto/user.dto.js';
import { User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { toUserView, type UserView } from './user.view.js';
import { DEPARTMENT } from '../catalog/catalog.kinds.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly actors: ActorCache,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UsersRepository) private readonly repo: UsersRepository,
  ) {}

  async list(role?: Role): Promise<UserView[]> {
    const users = await this.db.getRepository(User).find({ where: role ? { role } : {}, order: { username: 'ASC' } });
    const certs = await this.db.getRepository(Certification).find({ order: { validUntil: 'DESC' } });
    const pins = await this.pinOwners();
    return users.map((u) =>
      toUserView(
        u,
        certs.filter((c) => c.userId === u.id),
        pins.has(u.id),
      ),
    );
  }

  async get(id: string): Promise<UserView> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError('USER_NOT_FOUND');
    return this.view(this.db.manager, user);
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    assertMayManage(actor, dto.role);
    assertAcceptableSecrets(dto.username, dto.password, dto.pin);
    return this.db.transaction(async (m) => {
      await assertDepartmentFits(m, dto.role, dto.departmentId ?? null);
      const now = this.clock.instant();
      const row = m.create(User, {
        username: dto.username.toLowerCase(),
        displayName: dto.displayName,
        passwordHash: await hashSecret(dto.password),
        role: dto.role,
        departmentId: dto.departmentId ?? null,
        badgeCode: dto.badgeCode ?? null,
        pinHash: dto.pin ? await hashSecret(dto.pin) : null,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      const saved = await uniqueOr409(() => m.save(User, row), dto.username);
      await this.audit.record(m, actor, 'create', 'user', saved.id, null, saved);
      return this.view(m, saved);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const view = await this.db.transaction(async (m) => {
      const user = await this.lock(m, id);
      assertMayManage(actor, user.role);
      if (dto.role) assertMayManage(actor, dto.role);
      if (dto.password || dto.pin) assertMayResetCredentials(actor, user);
      assertAcceptableSecrets(user.username, dto.password, dto.pin);
      const before = { ...user };
      const role = dto.role ?? user.role;
      const departmentId = dto.departmentId !== undefined ? dto.departmentId : role === 'department' ? user.departmentId : null;
      await assertDepartmentFits(m, role, departmentId);
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.badgeCode !== undefined) user.badgeCode = dto.badgeCode;
      user.role = role;
      user.departmentId = departmentId;
      user.updatedAt = this.clock.instant();
      const secrets: Partial<User> = {};
      // A password reset ends the user's existing sessions (issue 13 §3).
      if (dto.password) Object.assign(secrets, { passwordHash: await hashSecret(dto.password), tokenVersion: user.tokenVersion + 1 });
      if (dto.pin) secrets.pinHash = await hashSecret(dto.pin);
      const saved = await uniqueOr409(() => m.save(User, { ...user, ...secrets }), dto.badgeCode ?? user.username);
      const changed = { ...saved, ...(dto.password ? { passwordChanged: true } : {}), ...(dto.pin ? { pinChanged: true } : {}) };
      await this.audit.record(m, actor, 'update', 'user', id, before, changed);
      return this.view(m, saved);
    });
    this.actors.forget(id); // after the commit: the next request reads the new role or department
    return view;
  }

  async setActive(actor: Actor, id: string, active: boolean): Promise<UserView> {
    if (!active && actor.id === id) throw new DomainError('CANNOT_DEACTIVATE_SELF');
    const view = await this.db.transaction(async (m) => {
      const user = await this.lock(m, id);
      assertMayManage(actor, user.role);
      if (user.active !== active) {
        const before = { ...user };
        user.active = active;
        // Deactivation ends the user's sessions for good: reactivating does not bring old tokens back.
        if (!active) user.tokenVersion += 1;
        user.updatedAt = this.clock.instant();
        await m.save(User, user);
        await this.audit.record(m, actor, active ? 'activate' : 'deactivate', 'user', id, before, user);
      }
      return this.view(m, user);
    });
    this.actors.forget(id); // after the commit: a deactivated user's token stops working now
    return view;
  }

  async addCertification(actor: Actor, id: string, dto: AddCertificationDto): Promise<UserView> {
    return this.db.transaction(async (m) => {
      const user = await this.lock(m, id);
      assertMayManage(actor, user.role);
      const cert = await m.save(
        Certification,
        m.create(Certification, {
          userId: id,
          kind: dto.kind,
          number: dto.number ?? null,
          validUntil: dto.validUntil,
          createdBy: actor.id,
          createdAt: this.clock.instant(),
        }),
      );
      await this.audit.record(m, actor, 'add_certification', 'user', id, null, cert);
      return this.view(m, user);
    });
  }

  private async lock(m: EntityManager, id: string): Promise<User> {
    const user = await m.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new DomainError('USER_NOT_FOUND');
    return user;
  }

  private async view(m: EntityManager, user: User): Promise<UserView> {
    const certs = await m.getRepository(Certification).find({ where: { userId: user.id }, order: { validUntil: 'DESC' } });
    return toUserView(user, certs, await this.repo.hasPin(m, user.id));
  }

  private pinOwners(): Promise<Set<string>> {
    return this.repo.pinOwners(this.db.manager);
  }
}

/** Only an administrator creates, changes or deactivates administrator accounts. */
function assertMayManage(actor: Actor, targetRole: Role): void {
  if (targetRole === 'admin' && actor.role !== 'admin') throw new DomainError('ADMIN_ONLY_FOR_ADMINS');
}

/** A head nurse resets nurses' and monitors' credentials, her own, never another head nurse's or an admin's (issue 13 §3). */
function assertMayResetCredentials(actor: Actor, target: User): void {
  if (actor.role === 'head_nurse' && target.id !== actor.id && (target.role === 'head_nurse' || target.role === 'admin')) {
    throw new DomainError('HEAD_NURSE_PEER_CREDENTIALS');
  }
}

function assertAcceptableSecrets(username: string, password: string | undefined, pin: string | undefined): void {
  const weakPassword = password ? passwordProblem(password, username) : null;
  if (weakPassword) throw new DomainError('WEAK_PASSWORD', { reasonZh: weakPassword.zh, reasonEn: weakPassword.en });
  const weakPin = pin ? pinProblem(pin) : null;
  if (weakPin) throw new DomainError('WEAK_PIN', { reasonZh: weakPin.zh, reasonEn: weakPin.en });
}

async function assertDepartmentFits(m: EntityManager, role: Role, departmentId: string | null): Promise<void> {
  if (role === 'department' && !departmentId) throw new DomainError('DEPARTMENT_REQUIRED');
  if (role !== 'department' && departmentId) throw new DomainError('DEPARTMENT_NOT_ALLOWED');
  if (departmentId) {
    const dept = await m.getRepository(Department).findOneBy({ id: departmentId });
    if (!dept) throw new DomainError('DEPARTMENT_NOT_FOUND');
    if (!dept.active) throw new DomainError('INACTIVE_REFERENCE', { what: DEPARTMENT.label });
  }
}
