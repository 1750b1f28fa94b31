import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Actor, Role } from '../../../../libs/domain/src';

export const IS_PUBLIC = 'isPublic';
export const ROLES_KEY = 'roles';

/** No token needed (citizens, health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Function-level access: the caller needs one of these roles (object-level checks live in
 * services). Documented as the route's 403 (its body added by describeErrors).
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiForbiddenResponse({ description: `Needs one of the roles ${roles.join(', ')}; or the caller's department or agency does not allow it` }));

/** The authenticated caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<{ actor: Actor }>().actor);
