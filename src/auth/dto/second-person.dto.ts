import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/roles.js';
import { Optional } from '../../common/validation.js';

/**
 * A second person's credentials carried by an action that needs two people (§5):
 * username + password, or badge code + PIN. Verified on the server for every action.
 */
/** A field the other pair of credentials makes optional is still checked when it is there but not text (issue 13.4: a number crashed the check). */
const notText = (v: unknown) => v !== undefined && v !== null && typeof v !== 'string';

export class SecondPersonDto {
  @ApiPropertyOptional()
  @ValidateIf((o: SecondPersonDto) => !o.badgeCode || notText(o.username))
  @IsString()
  @Length(1, 64)
  username?: string;
  @ApiPropertyOptional()
  @ValidateIf((o: SecondPersonDto) => !o.badgeCode || notText(o.password))
  @IsString()
  @Length(1, 200)
  password?: string;
  @ApiPropertyOptional()
  @ValidateIf((o: SecondPersonDto) => !o.username || notText(o.badgeCode))
  @IsString()
  @Length(1, 64)
  badgeCode?: string;
  @ApiPropertyOptional() @ValidateIf((o: SecondPersonDto) => !o.username || notText(o.pin)) @IsString() @Length(4, 12) pin?: string;
}

export class VerifySecondPersonDto {
  @ApiProperty({ type: SecondPersonDto }) @ValidateNested() @Type(() => SecondPersonDto) secondPerson: SecondPersonDto;
  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'roles the second person must have (default: CSSD staff)' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
}

/** The co-signer who was checked (never their credentials). */
export class SecondPersonView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}
