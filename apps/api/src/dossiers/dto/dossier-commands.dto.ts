import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;

export class NoteDto {
  @ApiPropertyOptional({ example: 'Hồ sơ hợp lệ' }) @IsOptional() @IsString() @Length(0, 2000) note?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu bản sao giấy tờ pháp lý của cá nhân' }) @IsString() @Length(1, 2000) reason!: string;
}

export class SendBackDto extends ReasonDto {
  @ApiProperty({ example: 'review' }) @Matches(KEY, { message: 'toStepKey must be a step key' }) toStepKey!: string;
}

export class SupplementRequestDto extends ReasonDto {
  // Decree 118/2025/NĐ-CP: one request per dossier, so it states every missing item at once.
  @ApiProperty({ type: [String], example: ['Bản sao CCCD của chủ doanh nghiệp'], description: 'every missing or incorrect item, all at once: a dossier gets one supplement request (Decree 118/2025/NĐ-CP)' })
  @IsArray() @ArrayMinSize(1, { message: 'items must list every missing item (at least one): a dossier gets one supplement request' }) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 500, { each: true }) items!: string[];
}

export class RescheduleDto extends ReasonDto {
  @ApiProperty({ example: '2026-12-10T10:00:00+07:00', description: 'the new appointment date (form 04)' })
  @IsISO8601({ strict: true }) newDueAt!: string;
}

export class ReceiveDto {
  @ApiPropertyOptional({ description: 'legal receipt time once the dossier is complete; defaults to now' })
  @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
}
