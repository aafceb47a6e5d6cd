import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/roles.js';
import { bilingual } from '../../common/validation-messages.js';
import { Optional, OptionalOrNull } from '../../common/validation.js';

export class CreateUserDto {
  @ApiProperty({ example: 'wang.li' })
  @Matches(/^[a-zA-Z0-9._-]{2,64}$/, {
    message: bilingual('username：2–64 个字母、数字、点、短横线或下划线', 'username: 2–64 letters, digits, dot, dash or underscore'),
  })
  username: string;
  @ApiProperty({ example: '王丽' }) @IsString() @Length(1, 100) displayName: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ description: 'required for (and only for) the department role' })
  @Optional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional({ example: 'B0042' }) @Optional() @Matches(/^[A-Za-z0-9-]{2,64}$/) badgeCode?: string;
  @ApiPropertyOptional({ description: '4–12 digits, used with the badge' }) @Optional() @Matches(/^\d{4,12}$/) pin?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 100) displayName?: string;
  @ApiPropertyOptional({ minLength: 10 }) @Optional() @IsString() @Length(10, 200) password?: string;
  @ApiPropertyOptional({ enum: ROLES }) @Optional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalOrNull()
  @IsUUID()
  departmentId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalOrNull()
  @Matches(/^[A-Za-z0-9-]{2,64}$/)
  badgeCode?: string | null;
  @ApiPropertyOptional() @Optional() @Matches(/^\d{4,12}$/) pin?: string;
}

export class AddCertificationDto {
  @ApiProperty({
    example: 'sterilizer_operator',
    description: 'e.g. sterilizer_operator (灭菌员上岗证), washer_operator (清洗消毒员上岗证), pressure_vessel',
  })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/)
  kind: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) number?: string;
  @ApiProperty({ example: '2027-06-30' }) @IsDateString({ strict: true }) @Length(10, 10) validUntil: string;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES }) @Optional() @IsIn(ROLES) role?: Role;
}
