import { getMetadataStorage } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { declaredErrorCodes } from '../errors/domain-error';
import { MessageCatalogue } from './message-catalogue';

const src = join(__dirname, '..', '..');
const catalogue = MessageCatalogue.load();
const sourceFiles = (pattern: RegExp) =>
  readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => pattern.test(file));

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

  it('fills in placeholders and leaves unknown ones visible', () => {
    expect(catalogue.t('de', 'validation.min', { 0: 1 })).toBe('Der Wert muss mindestens 1 sein.');
    expect(catalogue.t('en', 'validation.min')).toBe('The value must be at least {0}.');
  });

  it('falls back to English, then to the key', () => {
    expect(catalogue.t('tr', 'validation.isInt')).toBe('Please enter a whole number.');
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
