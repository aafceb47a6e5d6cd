import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import type { Role } from '../common/auth/roles.js';

@Entity('users')
@Check('ck_users_role', `role IN ('admin', 'head_nurse', 'monitor', 'nurse', 'department')`)
@Check('ck_users_department_role', `(role = 'department') = (department_id IS NOT NULL)`)
@Unique('uq_users_username', ['username'])
@Unique('uq_users_badge_code', ['badgeCode'])
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stored lower-case: sign-in is case-insensitive on the username. */
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'varchar', length: 100 }) displayName: string;
  @Column({ type: 'text', select: false }) passwordHash: string;
  @Column({ type: 'varchar', length: 20 }) role: Role;
  /** Set for (and only for) the `department` role. */
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_users_department' })
  department?: Relation<Department>;
  /** Staff badge scanned at a station; with the PIN it identifies a second person (§5). */
  @Column({ type: 'varchar', length: 64, nullable: true }) badgeCode: string | null;
  @Column({ type: 'text', nullable: true, select: false }) pinHash: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** Raised by a password reset, a deactivation or a sign-out: tokens carrying an older one stop working (issue 13 §3). */
  @Column({ type: 'integer', default: 0 }) tokenVersion: number;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
