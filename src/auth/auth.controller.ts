import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Public, Roles } from '../common/auth/decorators.js';
import { ALL_ROLES, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { UserView } from '../users/user.view.js';
import type { User } from '../users/user.entity.js';
import { AuthService } from './auth.service.js';
import { BadgeLoginDto, LoginDto, TokenView } from './dto/login.dto.js';
import { VerifySecondPersonDto } from './dto/second-person.dto.js';
import { LocalLoginGuard } from './guards.js';
import { SecondPersonView } from './dto/second-person.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(LocalLoginGuard)
  @ApiOkResponse({ type: TokenView })
  @ApiErrors('INVALID_CREDENTIALS', 'ACCOUNT_INACTIVE', 'LOGIN_LOCKED')
  @ApiOperation({ summary: 'Sign in: a bearer token for one shift' })
  login(@Body() _body: LoginDto, @Req() req: { user: User }): TokenView {
    return this.auth.issueToken(req.user);
  }

  /** Sign-in at a station with a badge and its PIN (CSSD staff). */
  @Post('badge-login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: TokenView })
  @ApiErrors('INVALID_CREDENTIALS', 'ACCOUNT_INACTIVE', 'LOGIN_LOCKED')
  @ApiOperation({ summary: 'Sign in with a badge and PIN at a station (CSSD staff)' })
  async badgeLogin(@Body() dto: BadgeLoginDto, @Req() req: { ip?: string }): Promise<TokenView> {
    return this.auth.issueToken(await this.auth.validateBadgeLogin(dto.badgeCode, dto.pin, `ip:${req.ip ?? 'unknown'}`));
  }

  /** Signs out: this token (and the user's others, see AuthService.logout) stops working. */
  @Post('logout')
  @HttpCode(204)
  @Roles(...ALL_ROLES)
  @ApiErrors()
  @ApiOperation({ summary: 'Sign out: the user’s tokens stop working' })
  @ApiNoContentResponse({ description: 'signed out' })
  async logout(@CurrentUser() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: UserView })
  @ApiErrors()
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() actor: Actor) {
    return this.auth.me(actor);
  }

  /** Lets a station check a co-signer before submitting the action that needs them. */
  @Post('second-person/verify')
  @HttpCode(200)
  @Roles(...CSSD_STAFF)
  @ApiErrors('SECOND_PERSON_REQUIRED', 'SECOND_PERSON_INVALID', 'SECOND_PERSON_SAME_AS_ACTOR', 'SECOND_PERSON_ROLE', 'LOGIN_LOCKED')
  @ApiOperation({ summary: 'Check a co-signer (badge + PIN or username + password) before the step' })
  @ApiOkResponse({ type: SecondPersonView })
  async verifySecondPerson(@CurrentUser() actor: Actor, @Body() body: VerifySecondPersonDto) {
    const person = await this.auth.verifySecondPerson(actor, body.secondPerson, body.roles);
    return { id: person.id, username: person.username, displayName: person.displayName, role: person.role };
  }
}
