import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../libs/domain/src';
import { POSITIONS, type Position } from './users.dto';

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
  @ApiProperty({ type: String, nullable: true, example: 'nguyenvana@so-tu-phap.gov.vn', description: 'Where alert e-mails go; null: none' }) email!: string | null;
  @ApiProperty({ enum: POSITIONS, nullable: true, description: 'The position the escalation chain tells the account by; null: none' }) position!: Position | null;
}
