import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class CompleteStepDto {
  @ApiPropertyOptional({ example: 'Hồ sơ hợp lệ' }) @IsOptional() @IsString() @Length(0, 2000) note?: string;
}
