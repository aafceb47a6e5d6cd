import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { UserView } from '../../users/user.view.js';

export class LoginDto {
  @ApiProperty({ example: 'nurse' }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ example: '••••••••' }) @IsString() @Length(1, 200) password: string;
}

export class BadgeLoginDto {
  @ApiProperty({ example: 'B0012', description: 'the badge a station’s scanner reads' }) @IsString() @Length(1, 64) badgeCode: string;
  @ApiProperty({ example: '••••••' }) @IsString() @Length(1, 20) pin: string;
}

export class TokenView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds until the token expires (one shift)' }) expiresIn: number;
  @ApiProperty({ type: UserView }) user: UserView;
}
