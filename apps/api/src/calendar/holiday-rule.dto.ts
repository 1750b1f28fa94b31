import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { NATIONAL_DAY_EXTRAS, type HolidayRule, type NationalDayExtra } from '../../../../libs/domain/src';
import type { Mirrors } from '../common/api-responses';

const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** A statutory holiday rule (libs/domain holidays.ts `HolidayRule`), as posted and as listed. */
export class HolidayRuleDto {
  @ApiProperty({ example: 'culture_day', description: "stable key; a rule with an existing key replaces that key's earlier rule from its effectiveFrom" })
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key must be 1–40 lowercase letters, digits or _, starting with a letter' }) key!: string;
  @ApiProperty({ example: 'Ngày Văn hóa Việt Nam (Vietnamese Culture Day)' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: ['solar', 'lunar'], description: 'month/day of the solar or of the Vietnamese lunar calendar' }) @IsIn(['solar', 'lunar']) calendar!: 'solar' | 'lunar';
  @ApiProperty({ example: 11 }) @IsInt() @Min(1) @Max(12) month!: number;
  @ApiProperty({ example: 24 }) @IsInt() @Min(1) @Max(31) day!: number;
  @ApiPropertyOptional({ example: 1, description: 'days off in a row (Tết: 5); default 1' }) @IsOptional() @IsInt() @Min(1) @Max(10) days?: number;
  @ApiPropertyOptional({ example: 0, description: 'of those, days before the date (Tết: 1); default 0' }) @IsOptional() @IsInt() @Min(0) @Max(9) daysBefore?: number;
  @ApiPropertyOptional({ enum: NATIONAL_DAY_EXTRAS, description: "an extra adjacent day (National Day): before, after, or the one joining the weekend" })
  @IsOptional() @IsIn(NATIONAL_DAY_EXTRAS) adjacentDay?: NationalDayExtra;
  @ApiProperty({ example: '2027-01-01', format: 'date', description: 'first local date it gives a day off on' }) @Matches(YMD, { message: 'effectiveFrom must be YYYY-MM-DD' }) effectiveFrom!: string;
  @ApiPropertyOptional({ format: 'date', description: 'last local date, when repealed' }) @IsOptional() @Matches(YMD, { message: 'effectiveTo must be YYYY-MM-DD' }) effectiveTo?: string;
  @ApiProperty({ example: 'Luật sửa đổi, bổ sung Bộ luật Lao động … Điều 112(1)', description: 'the act and article that set it' }) @IsString() @Length(1, 500) source!: string;
}

export const _mirrors: Mirrors<HolidayRuleDto, HolidayRule> = true;
