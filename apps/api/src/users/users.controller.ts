import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateUserDto, UpdateUserDto } from './users.dto';
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
}
