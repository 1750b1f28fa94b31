import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../common/page.dto';

export class ListTasksDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) departmentCode?: string;
  @ApiPropertyOptional({ enum: ['mine', 'department'], default: 'mine' }) @IsOptional() @IsIn(['mine', 'department']) scope?: 'mine' | 'department';
  @ApiPropertyOptional({ enum: ['reception', 'reviewer', 'approver', 'return'] }) @IsOptional() @IsIn(['reception', 'reviewer', 'approver', 'return']) role?: string;
}
