import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto } from './users.dto';
import { UserView } from './users.response';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserView, isArray: true })
  list(@CurrentActor() actor: Actor): Promise<UserView[]> {
    return this.users.list(actor);
  }

  @Post()
  @ApiCreatedResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'a field is malformed, a reviewer or approver without departmentCode, or a department not active in your agency (named in `fields`)' })
  @ApiConflictResponse({ description: 'the username is taken' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto, actor);
  }

  /** Change names, department, roles or the agency-wide flag, or (de)activate; takes effect on the account's next request. */
  @Patch(':username')
  @ApiOkResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'a field is malformed, a reviewer or approver left without departmentCode, or a department not active in your agency (named in `fields`)' })
  @ApiNotFoundResponse({ description: 'no such user in your agency' })
  @ApiConflictResponse({ description: 'an admin deactivating their own account' })
  update(@CurrentActor() actor: Actor, @Param('username') username: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(username, dto, actor);
  }

  /** An admin sets a new password for an account of the agency (told to its owner out of band); the account's sessions end at once. */
  @Post(':username/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'set: every session of the account ends (refresh tokens revoked, access tokens refused)' })
  @ApiBadRequestResponse({ description: 'the password is shorter than 10 characters (named in `fields`)' })
  @ApiNotFoundResponse({ description: 'no such user in your agency' })
  async resetPassword(@CurrentActor() actor: Actor, @Param('username') username: string, @Body() dto: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(username, dto.password, actor);
  }
}
