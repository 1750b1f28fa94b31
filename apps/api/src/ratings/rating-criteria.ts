import type { RatingCriterion } from '../../../../libs/contracts/src/ratings';

/** The survey's criteria, shortened from the portal's wording (libs/contracts/src/ratings.ts), for the workbook and the supervisor's follow-up (the web app has its own, in both languages). */
export const CRITERION_TITLE: Record<RatingCriterion, string> = {
  overall: 'Đánh giá tổng thể',
  convenience: 'Mức độ thuận tiện',
  onTime: 'Mức độ đúng hạn',
  staffAttitude: 'Thái độ cán bộ',
  processingTime: 'Thời gian giải quyết',
  contactsToComplete: 'Số lần liên hệ để hoàn thiện hồ sơ',
  agenciesContacted: 'Số cơ quan phải liên hệ',
  oneStopDesk: 'Bộ phận Một cửa',
  publicity: 'Công khai thủ tục',
};
