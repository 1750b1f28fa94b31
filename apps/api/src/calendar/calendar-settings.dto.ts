import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class OfficeHoursDto {
  @ApiProperty({ example: '07:30' }) @IsString() @Matches(HHMM, { message: '$property must be HH:mm' }) start!: string;
  @ApiProperty({ example: '11:30' }) @IsString() @Matches(HHMM, { message: '$property must be HH:mm' }) end!: string;
}

/** An agency's calendar settings; the national holidays and swapped days are not part of it. */
export class CalendarSettingsDto {
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh', description: 'IANA time zone' }) @IsString() timeZone!: string;

  @ApiProperty({ type: [OfficeHoursDto], example: [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }], description: 'sorted, non-overlapping; 8 hours a day in all (Labour Code)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => OfficeHoursDto)
  officeHours!: OfficeHoursDto[];

  @ApiProperty({ type: [Number], example: [0, 6], description: '0 = Sunday … 6 = Saturday' })
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekendDays!: number[];

  @ApiProperty({ example: '15:00', description: 'paper dossiers received after it go to the department the next working day (Decree 61/2018/NĐ-CP Art. 19(1); Decree 118/2025/NĐ-CP from 1/7/2025)' })
  @IsString()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be HH:mm' })
  paperCutoff!: string;
}
