import { getMetadataStorage } from 'class-validator';
import { IntlMessageFormat } from 'intl-messageformat';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredErrorCodes } from '../errors/domain-error';
import { MessageCatalogue } from './message-catalogue';

const src = join(__dirname, '..', '..');
const catalogue = MessageCatalogue.load();
const sourceFiles = (pattern: RegExp) =>
  readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => pattern.test(file));

type Tree = { [key: string]: string | Tree };
const localesDir = join(__dirname, 'locales');
const walk = (tree: Tree, prefix: string): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[prefix + key, value]] : walk(value, `${prefix}${key}.`),
  );
/** The raw texts of one area file (`rooms`, `web`, …) of one language, by key; none if it lacks the file. */
function areaTexts(locale: string, area: string): [string, string][] {
  const path = join(localesDir, locale, `${area}.json`);
  return existsSync(path) ? walk(JSON.parse(readFileSync(path, 'utf8')) as Tree, '') : [];
}
const areas = (locale: string) =>
  readdirSync(join(localesDir, locale))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length));
/** The raw texts of one language, by key. */
function texts(locale: string): [string, string][] {
  return areas(locale).flatMap((area) => areaTexts(locale, area));
}

/**
 * The areas every further language (ar, tr, uk, ru, …) says completely: the pages, and what
 * they and the API show — problems, validation texts, mails, calendar names, reports. A new
 * area falls back to English in those languages until it is translated; then add it here.
 */
const REQUIRED_AREAS = [
  ...['common', 'identity', 'organizations', 'rooms', 'availability', 'bookings', 'accounts'],
  ...['notifications', 'topics', 'forum', 'calendar', 'mentoring', 'survey', 'reporting'],
  ...areas('de').filter((area) => area.startsWith('web')),
];
const furtherLocales = catalogue.locales.filter((l) => l !== 'de' && l !== 'en');
/** The area file of each German key, to know which keys a further language must have. */
const germanArea = new Map(
  areas('de').flatMap((area) => areaTexts('de', area).map(([key]) => [key, area] as const)),
);
const required = (key: string) => REQUIRED_AREAS.includes(germanArea.get(key) ?? '');

/** ICU elements as the parser gives them (`@formatjs/icu-messageformat-parser`). */
interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
}
const LITERAL = 0;
const ARGUMENT = 1;
const SELECT = 5;
const PLURAL = 6;

/**
 * What a text needs from its caller and offers: its arguments, its select options
 * (`status=pending`), and each plural with the categories it says (`one`, `few`, …).
 */
function signature(locale: string, template: string) {
  const format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
  const names = new Set<string>();
  const options = new Set<string>();
  const plurals: { name: string; categories: string[] }[] = [];
  const visit = (elements: Element[]) => {
    for (const element of elements) {
      if (element.value !== undefined && element.type !== LITERAL) names.add(element.value);
      if (element.type === SELECT) {
        for (const option of Object.keys(element.options!))
          options.add(`${element.value}=${option}`);
      }
      if (element.type === PLURAL) {
        plurals.push({ name: element.value!, categories: Object.keys(element.options!) });
      }
      for (const option of Object.values(element.options ?? {})) visit(option.value);
    }
  };
  visit(format.getAst());
  return { format, names: [...names].sort(), options: [...options].sort(), plurals };
}

/**
 * Placeholders that hold a stored word of the domain (a status, a kind, a code): a text says
 * them in words with an ICU select, never as they are.
 */
const CODED_ARGUMENT = /^(status|kind|code|role|approval|scope|state|audience|decision)$/i;

/** Every way a text can come out (each select option in turn; other values a number). */
function renderings(locale: string, template: string): { output: string; coded: string[] } {
  const format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
  const selects: [string, string][] = [];
  const coded: string[] = [];
  const neutral: Record<string, string | number> = {};
  const visit = (elements: Element[]) => {
    for (const element of elements) {
      if (element.value !== undefined && element.type !== LITERAL) neutral[element.value] = 2;
      if (element.type === ARGUMENT && CODED_ARGUMENT.test(element.value!)) {
        coded.push(element.value!);
      }
      if (element.type === SELECT) {
        for (const option of Object.keys(element.options!)) selects.push([element.value!, option]);
      }
      for (const option of Object.values(element.options ?? {})) visit(option.value);
    }
  };
  visit(format.getAst());
  const render = (given: Record<string, string>) => String(format.format({ ...neutral, ...given }));
  const outputs = [render({}), ...selects.map(([name, option]) => render({ [name]: option }))];
  return { output: outputs.join('\n'), coded };
}

describe('message catalogue', () => {
  it('has German and English, and both say the same things', () => {
    expect(catalogue.locales).toEqual(expect.arrayContaining(['de', 'en']));
    expect(catalogue.keys('en').sort()).toEqual(catalogue.keys('de').sort());
  });

  it('has every text of the required areas in every further language, and nothing German lacks', () => {
    expect(furtherLocales).toEqual(expect.arrayContaining(['ar', 'tr', 'uk', 'ru']));
    const german = catalogue.keys('de');
    for (const locale of furtherLocales) {
      // Each area in its own file, as in German: the same keys, none missing.
      const missing = REQUIRED_AREAS.flatMap((area) => {
        const keys = new Set(areaTexts(locale, area).map(([key]) => key));
        return areaTexts('de', area)
          .filter(([key]) => !keys.has(key))
          .map(([key]) => `${area}: ${key}`);
      });
      expect({ locale, missing }).toEqual({ locale, missing: [] });
      const keys = catalogue.keys(locale);
      expect({ locale, unknown: keys.filter((key) => !german.includes(key)) }).toEqual({
        locale,
        unknown: [],
      });
    }
  });

  it('says in every language what German says with the same placeholders, and formats them', () => {
    const german = new Map(texts('de'));
    const wrong: string[] = [];
    for (const locale of catalogue.locales.filter((l) => l !== 'de')) {
      const categories: string[] = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, template] of texts(locale)) {
        const source = german.get(key);
        if (source === undefined) continue; // reported above as unknown
        const theirs = signature(locale, template);
        const ours = signature('de', source);
        if (theirs.names.join() !== ours.names.join()) {
          wrong.push(
            `${locale} ${key}: {${theirs.names.join('}, {')}} for {${ours.names.join('}, {')}}`,
          );
        }
        if (theirs.options.join() !== ours.options.join()) {
          wrong.push(
            `${locale} ${key}: select options ${theirs.options.join()} for ${ours.options.join()}`,
          );
        }
        // A plural says each form the language has (ru: one, few, many, other), no other.
        for (const { name, categories: said } of theirs.plurals) {
          const lacking = categories.filter((c) => !said.includes(c));
          const foreign = said.filter((c) => !c.startsWith('=') && !categories.includes(c));
          if (lacking.length || foreign.length) {
            wrong.push(
              `${locale} ${key}: {${name}} lacks ${lacking.join()} / has ${foreign.join()}`,
            );
          }
        }
        // Each select option in turn, with numbers that reach every plural form.
        for (const n of [0, 1, 2, 3, 5, 11, 21, 102]) {
          const given = Object.fromEntries(theirs.names.map((name) => [name, n]));
          for (const choice of [[], ...theirs.options.map((option) => option.split('='))]) {
            try {
              const output = theirs.format.format({ ...given, ...Object.fromEntries([choice]) });
              if (!String(output).trim()) wrong.push(`${locale} ${key}: says nothing`);
            } catch (error) {
              wrong.push(`${locale} ${key}: ${String(error)}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('parses every text as ICU MessageFormat', () => {
    for (const locale of catalogue.locales) {
      for (const key of catalogue.keys(locale)) {
        expect(() => catalogue.t(locale, key, new Proxy({}, { get: () => 1 }))).not.toThrow();
      }
    }
  });

  it('says "1 date" and "2 dates": plural forms', () => {
    const key = 'problems.SERIES_CONFLICTS.detail';
    expect(catalogue.t('en', key, { count: 1 })).toMatch(/^1 date of the series is not free/);
    expect(catalogue.t('en', key, { count: 2 })).toMatch(/^2 dates /);
    expect(catalogue.t('de', key, { count: 1 })).toMatch(/^1 Termin /);
    expect(catalogue.t('de', key, { count: 3 })).toMatch(/^3 Termine /);
  });

  it('has a title and a detail for every problem code in every language', () => {
    for (const file of sourceFiles(/\.errors\.ts$/)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(src, file));
    }
    const missing: string[] = [];
    for (const code of declaredErrorCodes().keys()) {
      for (const locale of catalogue.locales) {
        for (const part of ['title', 'detail']) {
          const key = `problems.${code}.${part}`;
          // German and English say everything; further languages each required area.
          if (!['de', 'en'].includes(locale) && catalogue.has(key) && !required(key)) continue;
          if (!catalogue.keys(locale).includes(key)) missing.push(`${locale}: ${key}`);
        }
      }
    }
    expect(declaredErrorCodes().size).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  it('has a message for every validation rule a DTO uses', () => {
    for (const file of sourceFiles(/(^|\/)dto\/[^/]+\.ts$/)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(src, file));
    }
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, { name?: string; type: string }[]>;
    };
    const names = new Set<string>();
    for (const list of storage.validationMetadatas.values()) {
      for (const metadata of list) {
        if (metadata.type === 'conditionalValidation') continue;
        if (metadata.name) names.add(metadata.name);
        else if (metadata.type === 'nestedValidation') names.add('nestedValidation');
      }
    }
    expect(names.size).toBeGreaterThan(10);
    const missing = [...names].filter((name) => !catalogue.has(`validation.${name}`));
    expect(missing).toEqual([]);
    // The forms' messages in every further language (those of a required area).
    const untranslated = furtherLocales.flatMap((locale) =>
      [...names]
        .map((name) => `validation.${name}`)
        .filter((key) => required(key) && !catalogue.keys(locale).includes(key))
        .map((key) => `${locale}: ${key}`),
    );
    expect(untranslated).toEqual([]);
  });

  it('never leaks a code into a text, nor an English status or kind word into a German one', () => {
    for (const file of sourceFiles(/\.errors\.ts$/)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(src, file));
    }
    // The words the service stores: statuses, kinds, roles, modes (bookings, forum,
    // organisations, rooms), and every problem code.
    const stored = [
      ...['pending', 'approved', 'declined', 'cancelled', 'expired', 'confirmed', 'waitlisted'],
      ...['draft', 'published', 'public_event', 'training', 'members'],
      ...['migrant_self_organization', 'association', 'religious_community', 'public_facility'],
      ...['owner', 'member', 'manual', 'automatic', 'hourly', 'donation', 'free'],
    ];
    const codes = [...declaredErrorCodes().keys()];
    expect(codes).toContain('OUTSIDE_OPENING_HOURS');
    const leaks: string[] = [];
    for (const locale of catalogue.locales) {
      // English says the English words, but no language a code or an identifier.
      const words = locale === 'de' ? [...stored, ...codes] : codes;
      const leaked = new RegExp(
        `(^|[^\\p{L}_])(${words.join('|')}|[a-z]+_[a-z_]+)(?![\\p{L}_])`,
        'u',
      );
      for (const [key, template] of texts(locale)) {
        const { output, coded } = renderings(locale, template);
        for (const name of coded) leaks.push(`${locale} ${key}: {${name}} as it is stored`);
        const found = leaked.exec(output);
        if (found) leaks.push(`${locale} ${key}: "${found[2]}"`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('fills in placeholders and leaves unknown ones visible', () => {
    expect(catalogue.t('de', 'validation.min', { 0: 1 })).toBe('Der Wert muss mindestens 1 sein.');
    expect(catalogue.t('en', 'validation.min')).toBe('The value must be at least {0}.');
  });

  it('says every text as ICU MessageFormat would, with text, number, empty and missing values', () => {
    const differences: string[] = [];
    for (const locale of catalogue.locales) {
      const texts = readdirSync(join(localesDir, locale)).flatMap((file) =>
        areaTexts(locale, file.replace(/\.json$/, '')),
      );
      for (const [key, raw] of texts) {
        const names = [...new Set([...raw.matchAll(/\{(\w+)/g)].map((m) => m[1]))];
        const valueSets = [
          Object.fromEntries(names.map((name) => [name, 'x<y'])),
          Object.fromEntries(names.map((name, at) => [name, at + 1])),
          Object.fromEntries(names.map((name) => [name, undefined])),
          Object.fromEntries(names.slice(1).map((name) => [name, 'z'])),
        ];
        for (const values of valueSets) {
          let expected: string;
          try {
            expected = String(
              new IntlMessageFormat(raw, locale, undefined, { ignoreTag: true }).format(values),
            );
          } catch {
            expected = raw.replace(/\{(\w+)\}/g, (whole, name: string) =>
              values[name] === undefined ? whole : String(values[name]),
            );
          }
          const said = catalogue.t(locale, key, values);
          if (said !== expected) differences.push(`${locale} ${key}: ${said} ≠ ${expected}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('falls back to English, then to German, then to the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    try {
      const write = (locale: string, tree: Tree) => {
        mkdirSync(join(dir, locale));
        writeFileSync(join(dir, locale, 'area.json'), JSON.stringify(tree));
      };
      write('de', { a: 'A auf Deutsch', b: 'B auf Deutsch', c: 'C auf Deutsch' });
      write('en', { a: 'A in English', b: 'B in English' });
      write('tr', { a: 'Türkçe A' });
      const small = MessageCatalogue.load(dir);
      expect(['a', 'b', 'c'].map((key) => small.t('tr', key))).toEqual([
        'Türkçe A',
        'B in English',
        'C auf Deutsch',
      ]);
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(catalogue.t('tr', 'validation.isInt')).not.toBe(catalogue.t('en', 'validation.isInt'));
    expect(catalogue.t('de', 'no.such.key')).toBe('no.such.key');
  });

  it('writes a mail in the reader’s language when it has the area’s texts, else in German', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    try {
      const write = (locale: string, area: string) => {
        mkdirSync(join(dir, locale), { recursive: true });
        writeFileSync(join(dir, locale, `${area}.json`), JSON.stringify({ [area]: { a: locale } }));
      };
      for (const locale of ['de', 'en', 'tr']) write(locale, 'forum');
      write('fa', 'web');
      const small = MessageCatalogue.load(dir);
      expect(small.mailLocale('tr', 'forum')).toBe('tr');
      expect(small.mailLocale('en', 'forum')).toBe('en');
      // Persian has pages but no forum texts; French has no folder at all.
      expect(small.mailLocale('fa', 'forum')).toBe('de');
      expect(small.mailLocale('fr', 'forum')).toBe('de');
      expect(small.mailLocale(null, 'forum')).toBe('de');
    } finally {
      rmSync(dir, { recursive: true });
    }
    for (const locale of ['ar', 'tr', 'uk', 'ru']) {
      for (const area of ['notifications', 'accounts', 'forum', 'mentoring', 'survey']) {
        expect(catalogue.mailLocale(locale, area)).toBe(locale);
      }
    }
  });

  it.each([
    [undefined, 'de'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-AT', 'de'],
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['fr', 'de'],
    ['*', 'de'],
  ])('negotiates Accept-Language %s as %s', (header, expected) => {
    expect(catalogue.negotiate(header)).toBe(expected);
  });
});
