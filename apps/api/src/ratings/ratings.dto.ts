import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { RATING_COMMENT_MAX, RATING_MAX, RATING_MIN } from '../../../../libs/contracts/src/ratings';

// The response shapes are shared with the web app.
export type { DossierRating, RatingReceipt, RatingScores } from '../../../../libs/contracts/src';

const Score = (description: string) => applyDecorators(ApiProperty({ minimum: RATING_MIN, maximum: RATING_MAX, example: 5, description }), IsInt(), Min(RATING_MIN), Max(RATING_MAX));

/** One score per criterion of libs/contracts/src/ratings.ts (RATING_CRITERIA), 1 very dissatisfied … 5 very satisfied. */
export class RatingScoresDto {
  @Score('Đánh giá tổng thể dịch vụ — overall; at or below RATING_LOW_THRESHOLD opens a follow-up') overall!: number;
  @Score('Mức độ thuận tiện khi sử dụng dịch vụ — convenience') convenience!: number;
  @Score('Mức độ đúng hạn trong xử lý, trả kết quả — on time') onTime!: number;
  @Score('Thái độ của cán bộ, công chức — staff attitude') staffAttitude!: number;
  @Score('Thời gian giải quyết so với thời gian quy định — processing time') processingTime!: number;
  @Score('Số lần phải liên hệ để hoàn thiện hồ sơ — contacts to complete the dossier') contactsToComplete!: number;
  @Score('Số cơ quan, đơn vị phải liên hệ — agencies contacted') agenciesContacted!: number;
  @Score('Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa — the one-stop desk') oneStopDesk!: number;
  @Score('Mức độ công khai thủ tục hành chính — publicity of the procedure') publicity!: number;
}

export class RateDossierDto {
  @ApiProperty({ type: RatingScoresDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RatingScoresDto)
  scores!: RatingScoresDto;

  @ApiPropertyOptional({ maxLength: RATING_COMMENT_MAX, example: 'Cán bộ hướng dẫn tận tình.', description: 'stored as text and shown escaped' })
  @IsOptional()
  @IsString()
  @MaxLength(RATING_COMMENT_MAX)
  comment?: string;
}
