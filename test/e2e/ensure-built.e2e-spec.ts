import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { TMP_ROOT } from '../support/test-database';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'ensure-built.js');

/**
 * `npm start` and friends build only when dist/ does not match the sources. Tried on a small
 * project of its own: a real build here would empty the dist/ other tests start.
 */
describe('build only when needed (scripts/ensure-built.js)', () => {
  let project: string;
  const write = (file: string, text: string) => {
    mkdirSync(join(project, file, '..'), { recursive: true });
    writeFileSync(join(project, file), text);
  };
  const ensure = (env: Record<string, string> = {}) => {
    const run = spawnSync(process.execPath, ['scripts/ensure-built.js'], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: run.status, output: run.stdout + run.stderr };
  };

  beforeEach(() => {
    mkdirSync(TMP_ROOT, { recursive: true });
    project = mkdtempSync(join(TMP_ROOT, 'ensure-built-'));
    cpSync(SCRIPT, join(project, 'scripts', 'ensure-built.js'));
    // The build counts its runs, so that the test sees whether it ran.
    const build =
      "node -e \"const fs = require('fs'); fs.rmSync('dist', {recursive: true, force: true}); fs.mkdirSync('dist'); fs.appendFileSync('builds', 'x')\"";
    write(
      'package.json',
      JSON.stringify({
        name: 'ensure-built-fixture',
        private: true,
        scripts: {
          prebuild: 'node scripts/ensure-built.js --before-build',
          build,
          postbuild: 'node scripts/ensure-built.js --after-build',
        },
      }),
    );
    write('src/main.ts', 'export const a = 1;\n');
    write('src/web/styles/site.scss', 'body { color: black; }\n');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const builds = () =>
    existsSync(join(project, 'builds')) ? readFileSync(join(project, 'builds'), 'utf8').length : 0;

  it('builds once, then says dist/ is current, and builds again after any input changes', () => {
    const first = ensure();
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toContain('No build of this version yet: building the service');
    expect(builds()).toBe(1);

    const second = ensure();
    expect(second.output).toContain('dist/ is up to date with the sources; no build needed.');
    expect(builds()).toBe(1);

    // Not only TypeScript: a stylesheet is an input of the build too.
    write('src/web/styles/site.scss', 'body { color: navy; }\n');
    expect(ensure().output).toContain('The sources changed since the last build: building');
    expect(builds()).toBe(2);
    expect(ensure().output).toContain('no build needed');

    rmSync(join(project, 'src', 'web'), { recursive: true });
    ensure();
    expect(builds()).toBe(3);
  });

  it('does not empty dist/ under a service that runs from it', async () => {
    ensure();
    write('src/main.ts', 'export const a = 2;\n');
    // A live process holds the embedded database, as the service does while it runs.
    const service = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      write('data/postgres.lock', String(service.pid));
      const refused = ensure();
      expect(refused.code).toBe(1);
      expect(refused.output.trim()).toBe(
        `The sources changed since the last build, but the service (process ${service.pid}) runs from dist/. Stop it first, then try again.`,
      );
      expect(builds()).toBe(1);
      expect(existsSync(join(project, 'dist'))).toBe(true);
    } finally {
      service.kill();
      await new Promise((resolve) => service.once('exit', resolve));
    }
    // Stopped: the lock names a process that is gone, and the build goes ahead.
    expect(ensure().code).toBe(0);
    expect(builds()).toBe(2);
  });
});
