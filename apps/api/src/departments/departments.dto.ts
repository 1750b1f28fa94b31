import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const CODE_MESSAGE = 'code must be 2–40 capital letters, digits or _, starting with a letter (e.g. DKKD)';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'DKKD', pattern: CODE.source, description: 'Unique in the whole installation; cannot be changed later' })
  @IsString() @Matches(CODE, { message: CODE_MESSAGE }) code!: string;
  @ApiProperty({ example: 'Phòng Đăng ký kinh doanh' }) @IsString() @Length(1, 200) name!: string;
}

/** Rename, deactivate or reactivate; absent fields stay. */
export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: 'Phòng Đăng ký kinh doanh' }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ description: 'false deactivates: refused (409) while the department has active users or open steps' })
  @IsOptional() @IsBoolean() active?: boolean;
}

export class ListDepartmentsDto {
  @ApiPropertyOptional({ description: 'Admins only: include deactivated departments' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() includeInactive?: boolean;
}
