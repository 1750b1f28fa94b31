import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class CalendarOverrideDto {
  @ApiProperty({ enum: ['day_off', 'working_day'] }) @IsIn(['day_off', 'working_day']) kind!: 'day_off' | 'working_day';
  @ApiProperty({ example: 'Nghỉ bù theo Thông báo của Bộ Nội vụ' }) @IsString() @Length(1, 300) reason!: string;
  @ApiPropertyOptional({ example: 'Thông báo 9441/TB-BNV' }) @IsOptional() @IsString() @Length(0, 300) source?: string;
}
