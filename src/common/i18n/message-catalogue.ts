import { IntlMessageFormat } from 'intl-messageformat';
import Negotiator from 'negotiator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type MessageParams = Record<string, string | number | undefined>;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, source: string, prefix: string, into: Map<string, string>): void {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value !== 'string') flatten(value, source, path, into);
    else if (into.has(path)) throw new Error(`Message ${path} is defined twice (${source})`);
    else into.set(path, value);
  }
}

/** A text made ready for its parameters; undefined when a placeholder has no value. */
type Compiled = (params: MessageParams) => string | undefined;

/**
 * Text and `{name}` placeholders only — no plural, select, number or quoting (no apostrophe):
 * most of the catalogue. ICU would put each value in as `String(value)` (a value that is
 * neither text nor number as nothing); that is done here directly, without going through
 * ICU's parts for every call.
 */
const PLAIN = /^(?:[^{}']|\{\w+\})*$/;

function plain(template: string): Compiled {
  const pieces = template.split(/\{(\w+)\}/);
  if (pieces.length === 1) return () => template;
  return (params) => {
    let said = pieces[0];
    for (let at = 1; at < pieces.length; at += 2) {
      const name = pieces[at];
      if (!(name in params)) return undefined;
      const value = params[name];
      said +=
        (typeof value === 'string' || typeof value === 'number' ? String(value) : '') +
        pieces[at + 1];
    }
    return said;
  };
}

function icu(format: IntlMessageFormat): Compiled {
  return (params) => {
    try {
      return String(format.format(params));
    } catch {
      // A placeholder without its value.
      return undefined;
    }
  };
}

export const DEFAULT_LOCALE = 'de';
const FALLBACK_LOCALE = 'en';

/**
 * Every text a user reads — API problems, mails and pages: one folder per language in
 * `locales/` (de, en, …), one JSON file per area inside. Texts are ICU MessageFormat:
 * `{name}` placeholders, and plural and select forms (`{count, plural, one {# date} other
 * {# dates}}`). A new language is a new folder with the same files (tr/, ar/, …); keys it
 * lacks fall back to English, then to German.
 */
export class MessageCatalogue {
  /** Compiled messages by locale, then key: parsing is done once per text. */
  private readonly compiled = new Map<string, Map<string, Compiled | null>>();

  private constructor(
    private readonly messages: Map<string, Map<string, string>>,
    /** The area files (`forum`, `notifications`, …) each language has. */
    private readonly areas: Map<string, Set<string>>,
  ) {}

  static load(dir = join(__dirname, 'locales')): MessageCatalogue {
    const messages = new Map<string, Map<string, string>>();
    const areas = new Map<string, Set<string>>();
    for (const locale of readdirSync(dir, { withFileTypes: true })) {
      if (!locale.isDirectory()) continue;
      const texts = new Map<string, string>();
      const files = readdirSync(join(dir, locale.name)).filter((f) => f.endsWith('.json'));
      for (const file of files) {
        const path = join(dir, locale.name, file);
        flatten(JSON.parse(readFileSync(path, 'utf8')) as Tree, path, '', texts);
      }
      messages.set(locale.name, texts);
      areas.set(locale.name, new Set(files.map((file) => file.slice(0, -'.json'.length))));
    }
    if (!messages.has(DEFAULT_LOCALE)) throw new Error(`Message catalogue ${dir} has no de/`);
    return new MessageCatalogue(messages, areas);
  }

  /** German and English first (they say everything), then the others. */
  get locales(): string[] {
    const rank = (l: string) => (l === DEFAULT_LOCALE ? 0 : l === FALLBACK_LOCALE ? 1 : 2);
    return [...this.messages.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  has(key: string): boolean {
    return this.messages.get(DEFAULT_LOCALE)!.has(key);
  }

  /**
   * The language a mail of `area` (`forum`, `notifications`, …) is written in: the reader's
   * when the catalogue has that area's file in it, else German — one language per mail, not
   * the reader's greeting around English sentences. A stored language whose folder is gone
   * (or a code no one offers) gets German too.
   */
  mailLocale(locale: string | null | undefined, area: string): string {
    return locale && this.areas.get(locale)?.has(area) ? locale : DEFAULT_LOCALE;
  }

  /** Keys of one language, to check that every language says everything. */
  keys(locale: string): string[] {
    return [...(this.messages.get(locale)?.keys() ?? [])];
  }

  /** The text for `key` in `locale` (else English, else German), formatted with `params`. */
  t(locale: string, key: string, params: MessageParams = {}): string {
    let source = locale;
    let template = this.messages.get(locale)?.get(key);
    if (template === undefined) {
      source = this.messages.get(FALLBACK_LOCALE)?.has(key) ? FALLBACK_LOCALE : DEFAULT_LOCALE;
      template = this.messages.get(source)?.get(key) ?? key;
    }
    const said = this.compile(source, key, template)?.(params);
    if (said !== undefined) return said;
    // Not ICU, or a placeholder without its value: shown as `{name}`, as before ICU.
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      return value === undefined ? whole : String(value);
    });
  }

  private compile(locale: string, key: string, template: string): Compiled | null {
    let ofLocale = this.compiled.get(locale);
    if (!ofLocale) this.compiled.set(locale, (ofLocale = new Map<string, Compiled | null>()));
    let format = ofLocale.get(key);
    if (format === undefined) {
      try {
        // ignoreTag: "<" in a text (`< 3`) is text, not rich-text markup.
        const parsed = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
        format = PLAIN.test(template) ? plain(template) : icu(parsed);
      } catch {
        format = null;
      }
      ofLocale.set(key, format);
    }
    return format;
  }

  /** The best language for an Accept-Language header; German when none fits. */
  negotiate(acceptLanguage: string | undefined, fallback = DEFAULT_LOCALE): string {
    if (!acceptLanguage) return fallback;
    const negotiator = new Negotiator({ headers: { 'accept-language': acceptLanguage } });
    const exact = negotiator.language(this.locales);
    if (exact) return exact;
    // "de-AT" or "en-GB" when only "de"/"en" exist: compare primary subtags in order of preference.
    for (const tag of negotiator.languages()) {
      const primary = tag.split('-')[0].toLowerCase();
      if (this.messages.has(primary)) return primary;
    }
    return fallback;
  }
}

let loaded: MessageCatalogue | undefined;

/** The catalogue of the running service, loaded once. */
export function messageCatalogue(): MessageCatalogue {
  loaded ??= MessageCatalogue.load();
  return loaded;
}

/** The languages users may choose, e.g. for their profile: one per folder in `locales/`. */
export const SUPPORTED_LOCALES: readonly string[] = messageCatalogue().locales;
