import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../common/page.dto';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'dead', 'cancelled'] as const;

export class ListNotificationsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES }) @IsOptional() @IsIn(NOTIFICATION_STATUSES) status?: (typeof NOTIFICATION_STATUSES)[number];
  @ApiPropertyOptional({ example: 'email', description: 'in_app, email, push, sms, …' }) @IsOptional() @IsString() @Matches(/^[a-z_]{1,20}$/, { message: 'channel must be a channel name (lower-case letters and _)' }) channel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 60) dossierCode?: string;
}
