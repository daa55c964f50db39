/** How long a mailed link works, and how many a person may be sent. */
export const LINKS = {
  confirmationValidHours: 72,
  resetValidMinutes: 60,
  /** Mails of one kind per account and hour; more requests are answered but send nothing. */
  perHour: 3,
} as const;

export const anHourAgo = (): Date => new Date(Date.now() - 3_600_000);
