/** Languages written right to left among those the catalogue may hold. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** The writing direction of a language: pages and mails set it beside `lang`. */
export const directionOf = (locale: string): 'rtl' | 'ltr' => (RTL.has(locale) ? 'rtl' : 'ltr');
