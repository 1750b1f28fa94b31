import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '../../../../libs/domain/src';

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** No token needed (citizens, health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Function-level access: the caller needs one of these roles (object-level checks live in services). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ actor: Actor }>().actor);
