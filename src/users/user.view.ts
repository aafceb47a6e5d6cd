import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/auth/roles.js';
import type { Certification } from './certification.entity.js';
import type { User } from './user.entity.js';

export class CertificationView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'sterilizer_operator' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ example: '2027-06-30' }) validUntil: string;
  @ApiProperty() createdAt: Date;
}

/** What the API shows of a user: never the password or PIN hash. */
export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) badgeCode: string | null;
  @ApiProperty() hasPin: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [CertificationView] }) certifications: CertificationView[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export function toUserView(u: User, certifications: Certification[] = [], hasPin = false): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId,
    badgeCode: u.badgeCode,
    hasPin,
    active: u.active,
    certifications: certifications.map((c) => ({
      id: c.id,
      kind: c.kind,
      number: c.number,
      validUntil: c.validUntil,
      createdAt: c.createdAt,
    })),
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
