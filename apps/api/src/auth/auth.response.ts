// OpenAPI body of a sign-in, mirroring the service's `Session`.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../libs/domain/src';
import { type Mirrors } from '../common/api-responses';
import type { Session as SessionContract } from './auth.service';

/** The signed-in user: the actor without its id, and the agency's time zone. */
export class SessionUser {
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() agencyCode!: string;
  @ApiPropertyOptional({ description: 'unset only for agency-wide staff' }) departmentCode?: string;
  @ApiProperty({ description: 'acts across every department of the agency' }) agencyWide!: boolean;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh', description: "the agency's IANA time zone, in which every date is shown" }) timeZone!: string;
  @ApiProperty({ description: 'may change what concerns every agency — the statutory holidays, agency mergers: an admin listed in PLATFORM_ADMINS, or any admin when it is empty' })
  platformAdmin!: boolean;
}

export class Session {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'trade it for a new pair at POST /api/auth/refresh (rotated: the old one is revoked)' }) refreshToken!: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: SessionUser }) user!: SessionUser;
}

export const _mirrors: [Mirrors<SessionUser, SessionContract['user']>, Mirrors<Session, SessionContract>] = [true, true];
