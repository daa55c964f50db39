/**
 * A session's title and description in further languages than German (the catalogue's
 * other locales); German stays in the session's own `title` and `description`.
 */
export const TRANSLATION_LOCALES = ['en', 'tr', 'ar', 'ru', 'uk'] as const;
export type TranslationLocale = (typeof TRANSLATION_LOCALES)[number];

export interface SessionTranslation {
  title?: string;
  description?: string;
}

export type SessionTranslations = Partial<Record<TranslationLocale, SessionTranslation>>;

export interface SessionText {
  title: string;
  description: string | null;
}

/**
 * The session's text for a reader of `locale`: each of title and description in that
 * language when the session has it, German otherwise. Pages, mails and feeds all ask here.
 */
export function sessionText(
  session: SessionText & { translations?: SessionTranslations | null },
  locale: string,
): SessionText {
  const own = (session.translations ?? {})[locale as TranslationLocale];
  return {
    title: own?.title || session.title,
    description: own?.description || session.description,
  };
}

/** The translations as stored: only the languages with some text, no empty fields. */
export function storedTranslations(
  input: Partial<Record<TranslationLocale, SessionTranslation | undefined>> | undefined,
): SessionTranslations {
  const stored: SessionTranslations = {};
  for (const locale of TRANSLATION_LOCALES) {
    const { title, description } = input?.[locale] ?? {};
    if (!title && !description) continue;
    stored[locale] = {
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
    };
  }
  return stored;
}

/** The session (or its view) with title and description in the reader's language. */
export function inLanguage<T extends SessionText & { translations?: SessionTranslations | null }>(
  session: T,
  locale: string,
): T {
  return { ...session, ...sessionText(session, locale) };
}
