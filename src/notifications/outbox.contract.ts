/**
 * SQL for other modules' queries, which never name this module's tables: true when the outbox
 * holds a mail whose dedupe key is the SQL expression `key`, delivered or not (a job that
 * finds what is due leaves out what it has queued before).
 */
export const outboxHoldsKeySql = (key: string): string =>
  `EXISTS (SELECT 1 FROM outbox held_mail WHERE held_mail.dedupe_key = ${key})`;
