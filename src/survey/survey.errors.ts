import { defineErrors } from '../common/errors/domain-error';

export const SurveyErrors = defineErrors({
  SURVEY_NOT_FOUND: 404,
  SURVEY_ANSWER_NOT_FOUND: 404,
  SURVEY_CLOSED: 409,
  SURVEY_ORGANIZATION_NOT_VERIFIED: 422,
  SURVEY_RESULTS_NOT_YET: 403,
});
