import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateUserDto, UpdateUserDto, type UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@CurrentActor() actor: Actor): Promise<UserView[]> {
    return this.users.list(actor);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto, actor);
  }

  /** Change names, department or roles, or (de)activate; takes effect on the account's next request. */
  @Patch(':username')
  update(@CurrentActor() actor: Actor, @Param('username') username: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(username, dto, actor);
  }
}
