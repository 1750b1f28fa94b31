import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../libs/domain/src';

/** An account of the caller's agency, as /api/users answers it. */
export class UserView {
  @ApiProperty({ example: 'nguyenvana' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Văn A' }) fullName!: string;
  @ApiPropertyOptional({ example: 'DKKD' }) departmentCode?: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  /** The reach the account has: by its role (admin; supervisor in no department) or the admin-set flag. */
  @ApiProperty({ description: 'The account acts across every department of the agency: by its role (admin; a supervisor in no department) or the admin-set flag' }) agencyWide!: boolean;
  @ApiProperty({ description: 'The admin-set flag alone (agencyWide may also come from the role)' }) agencyWideFlag!: boolean;
}
