import { MessageCatalogue, MessageParams } from '../i18n/message-catalogue';

/**
 * A time a request collides with, as a module reports it: the rule it breaks by its problem
 * code and that code's parameters, put in words at the edge, in the caller's language.
 */
export interface CodedConflict {
  startsAt: string;
  endsAt: string;
  code?: string;
  params?: MessageParams;
}

/**
 * Each conflict with a `code` gets its `reason`: the code's detail text in `locale` (the
 * code stays, for programs); its `params` go. Entries without a code, or already with a
 * reason, pass as they are.
 */
export function conflictsInWords<T extends CodedConflict>(
  catalogue: MessageCatalogue,
  locale: string,
  conflicts: T[],
): (Omit<T, 'params'> & { reason?: string })[] {
  return conflicts.map((conflict) => {
    if (!conflict.code) return conflict;
    const { params, ...rest } = conflict;
    const worded = rest as Omit<T, 'params'> & { reason?: string };
    if (typeof worded.reason === 'string') return worded;
    const reason = catalogue.t(locale, `problems.${conflict.code}.detail`, params ?? {});
    return { ...worded, reason };
  });
}
