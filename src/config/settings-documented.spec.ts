import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingNames } from './app-config';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** A setting the service reads but nobody can find or pass is as good as missing. */
describe('every setting', () => {
  const names = settingNames();

  it('is read from the environment (the list is not empty)', () => {
    expect(names).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'METRICS_TOKEN']));
  });

  it("is in README.md's configuration table", () => {
    const readme = read('README.md');
    expect(names.filter((name) => !readme.includes(`| \`${name}\``))).toEqual([]);
  });

  it('is passed through by docker/compose.yaml, but those the image fixes', () => {
    // The image sets these: it listens on all addresses, keeps its data in the volume, and
    // runs in production.
    const fixedByImage = ['HOST', 'DATA_DIR', 'NODE_ENV'];
    const compose = read('docker/compose.yaml');
    const passed = (name: string) => new RegExp(`^\\s+${name}: `, 'm').test(compose);
    expect(names.filter((name) => !fixedByImage.includes(name) && !passed(name))).toEqual([]);
  });
});
