import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// The `: number` annotations matter: the design type Nest reads is emitted from an annotation only;
// without one the OpenAPI document would say `object`.
export class PageQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page: number = 1;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The list counts only so far (the inbox) and there are more than `total`. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}
