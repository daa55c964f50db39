import { defineErrors } from '../common/errors/domain-error';

export const AvailabilityErrors = defineErrors({
  WINDOW_TOO_LARGE: 400,
});
