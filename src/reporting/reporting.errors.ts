import { defineErrors } from '../common/errors/domain-error';

export const ReportingErrors = defineErrors({
  ANNUAL_REPORT_FROZEN: 409,
  ANNUAL_REPORT_YEAR_OPEN: 409,
});
