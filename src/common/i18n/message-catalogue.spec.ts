import { getMetadataStorage } from 'class-validator';
import { IntlMessageFormat } from 'intl-messageformat';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredErrorCodes } from '../errors/domain-error';
import { MessageCatalogue } from './message-catalogue';

const src = join(__dirname, '..', '..');
const catalogue = MessageCatalogue.load();
const sourceFiles = (pattern: RegExp) =>
  readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => pattern.test(file));

type Tree = { [key: string]: string | Tree };
/** The raw texts of one language, by key. */
function texts(locale: string): [string, string][] {
  const dir = join(__dirname, 'locales', locale);
  const walk = (tree: Tree, prefix: string): [string, string][] =>
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[prefix + key, value]] : walk(value, `${prefix}${key}.`),
    );
  return readdirSync(dir).flatMap((file) =>
    walk(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree, ''),
  );
}

/** ICU elements as the parser gives them (`@formatjs/icu-messageformat-parser`). */
interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
}
const ARGUMENT = 1;
const SELECT = 5;

/**
 * Placeholders that hold a stored word of the domain (a status, a kind, a code): a text says
 * them in words with an ICU select, never as they are.
 */
const CODED_ARGUMENT = /^(status|kind|code|role|approval|scope|state|audience|decision)$/i;

/** Every way a text can come out (each select option in turn; other values a number). */
const LITERAL = 0;
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

  it('has every text of the pages in every further language, and nothing German lacks', () => {
    const german = catalogue.keys('de');
    const pages = german.filter((key) => key.startsWith('web.'));
    for (const locale of catalogue.locales.filter((l) => l !== 'de' && l !== 'en')) {
      const keys = catalogue.keys(locale);
      expect({ locale, missing: pages.filter((key) => !keys.includes(key)) }).toEqual({
        locale,
        missing: [],
      });
      expect({ locale, unknown: keys.filter((key) => !german.includes(key)) }).toEqual({
        locale,
        unknown: [],
      });
    }
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
          // Further languages fall back to English; German and English say everything.
          if (locale !== 'de' && locale !== 'en') continue;
          if (!catalogue.keys(locale).includes(`problems.${code}.${part}`)) {
            missing.push(`${locale}: problems.${code}.${part}`);
          }
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
  });

  it('never leaks a code or an English status or kind word into a German text', () => {
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
    for (const locale of ['de', 'en']) {
      // English says the English words, but neither language a code or an identifier.
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
