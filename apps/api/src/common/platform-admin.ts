import { ForbiddenException } from '@nestjs/common';
import type { Actor } from '../../../../libs/domain/src';

/**
 * Changes that concern every agency (national law such as the statutory holidays, agencies that
 * merge) are the platform's: an admin listed in PLATFORM_ADMINS (comma-separated usernames), or
 * any admin when the list is empty (a single-agency installation).
 */
export function isPlatformAdmin(actor: Pick<Actor, 'roles' | 'username'>, platformAdmins: string): boolean {
  const listed = platformAdmins.split(',').map((u) => u.trim()).filter(Boolean);
  return actor.roles.includes('admin') && (listed.length === 0 || listed.includes(actor.username));
}

/** 403 unless `actor` is a platform administrator (`isPlatformAdmin`), naming the setting. */
export function assertPlatformAdmin(actor: Actor, platformAdmins: string, what: string): void {
  if (!isPlatformAdmin(actor, platformAdmins)) throw new ForbiddenException(`${what} is for the platform administrators (PLATFORM_ADMINS)`);
}
