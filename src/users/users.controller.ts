import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IdPipe } from '../common/id-param.js';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { AddCertificationDto, CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { UserView } from './user.view.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Roles('admin', 'head_nurse')
  @ApiOkResponse({ type: [UserView] })
  @ApiErrors()
  @ApiOperation({ summary: 'List users' })
  list(@Query() q: ListUsersQuery) {
    return this.users.list(q.role);
  }

  @Get(':id')
  @Roles('admin', 'head_nurse')
  @ApiOkResponse({ type: UserView })
  @ApiErrors('USER_NOT_FOUND')
  @ApiOperation({ summary: 'One user' })
  get(@Param('id', IdPipe) id: string) {
    return this.users.get(id);
  }

  @Post()
  @Roles('admin', 'head_nurse')
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(
    'DUPLICATE_CODE',
    'DEPARTMENT_REQUIRED',
    'DEPARTMENT_NOT_ALLOWED',
    'DEPARTMENT_NOT_FOUND',
    'ADMIN_ONLY_FOR_ADMINS',
    'INACTIVE_REFERENCE',
    'WEAK_PASSWORD',
    'WEAK_PIN',
  )
  @ApiOperation({ summary: 'Create a user' })
  create(@CurrentUser() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin', 'head_nurse')
  @ApiOkResponse({ type: UserView })
  @ApiErrors(
    'USER_NOT_FOUND',
    'DUPLICATE_CODE',
    'DEPARTMENT_REQUIRED',
    'DEPARTMENT_NOT_ALLOWED',
    'ADMIN_ONLY_FOR_ADMINS',
    'HEAD_NURSE_PEER_CREDENTIALS',
    'WEAK_PASSWORD',
    'WEAK_PIN',
  )
  @ApiOperation({ summary: 'Edit a user' })
  update(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  /** Users are never deleted: their names stay on the history they signed. */
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin', 'head_nurse')
  @ApiOkResponse({ type: UserView })
  @ApiErrors('USER_NOT_FOUND', 'CANNOT_DEACTIVATE_SELF', 'ADMIN_ONLY_FOR_ADMINS')
  @ApiOperation({ summary: 'Deactivate a user (never deleted)' })
  deactivate(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.users.setActive(actor, id, false);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles('admin', 'head_nurse')
  @ApiOkResponse({ type: UserView })
  @ApiErrors('USER_NOT_FOUND', 'ADMIN_ONLY_FOR_ADMINS')
  @ApiOperation({ summary: 'Activate a user again' })
  activate(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.users.setActive(actor, id, true);
  }

  @Post(':id/certifications')
  @Roles('admin', 'head_nurse')
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors('USER_NOT_FOUND', 'ADMIN_ONLY_FOR_ADMINS')
  @ApiOperation({ summary: 'Add a certification (e.g. sterilizer operator)' })
  addCertification(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: AddCertificationDto) {
    return this.users.addCertification(actor, id, dto);
  }
}
