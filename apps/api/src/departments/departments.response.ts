import { ApiProperty } from '@nestjs/swagger';

/** A department of the caller's agency, as GET/POST/PATCH /api/departments answer it. */
export class DepartmentView {
  @ApiProperty({ example: 'DKKD' }) code!: string;
  @ApiProperty({ example: 'Phòng Đăng ký kinh doanh' }) name!: string;
  @ApiProperty() active!: boolean;
}
