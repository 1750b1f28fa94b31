import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../common/page.dto';

export const ALERT_KINDS = ['step_at_risk', 'step_overdue', 'dossier_at_risk', 'dossier_overdue'] as const;

export class ListAlertsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALERT_KINDS }) @IsOptional() @IsIn(ALERT_KINDS) kind?: (typeof ALERT_KINDS)[number];
  @ApiPropertyOptional() @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean() acknowledged?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 60) dossierCode?: string;
}
