#!/usr/bin/env node
'use strict';

/**
 * Builds the service only when dist/ was not built from the files as they are now.
 *
 *   node scripts/ensure-built.js                 before start, seed, migrations, tests…
 *   node scripts/ensure-built.js --before-build  npm's prebuild: fingerprint the inputs
 *   node scripts/ensure-built.js --after-build   npm's postbuild: dist/ was built from them
 *
 * The fingerprint covers every file of the build's inputs, whatever its kind (TypeScript,
 * message catalogues, styles, templates…): the folders and files in INPUTS. A build step
 * that reads from somewhere else must add that place here. The fingerprint is taken before
 * the build starts, so a file saved during a build makes the next start build again.
 *
 * Plain JavaScript without dependencies: it runs before anything is compiled.
 */

const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const INPUTS = [
  'src',
  'migrations',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
];
const RECORD = path.join(root, 'dist', '.build-inputs');
const PENDING = path.join(root, 'node_modules', '.cache', 'raum-fuer-engagement', 'build-inputs');

function fingerprint() {
  const files = [];
  const visit = (relative) => {
    const absolute = path.join(root, relative);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(absolute).sort()) visit(path.join(relative, entry));
    } else if (stat.isFile()) {
      files.push(relative);
    }
  };
  INPUTS.forEach(visit);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const read = (file) => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
};

/** The process that holds the embedded database, if one runs: it runs from dist/. */
function runningService() {
  const dataDir = path.resolve(process.env.DATA_DIR || 'data');
  const pid = Number(read(path.join(dataDir, 'postgres.lock')));
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return error.code === 'EPERM' ? pid : null;
  }
}

function npm(args) {
  // Under npm, npm_execpath is npm's own script: the same npm runs the build.
  const execPath = process.env.npm_execpath;
  const result = execPath
    ? spawnSync(process.execPath, [execPath, ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

function main(mode) {
  if (mode === '--before-build') {
    fs.mkdirSync(path.dirname(PENDING), { recursive: true });
    fs.writeFileSync(PENDING, fingerprint());
    return 0;
  }
  if (mode === '--after-build') {
    const pending = read(PENDING);
    if (pending && fs.existsSync(path.dirname(RECORD))) fs.writeFileSync(RECORD, pending);
    fs.rmSync(PENDING, { force: true });
    return 0;
  }
  if (!fs.existsSync(path.join(root, 'src')) && fs.existsSync(path.join(root, 'dist'))) {
    return 0; // an installed build without its sources, as in the container image
  }
  const built = read(RECORD);
  if (built && built === fingerprint()) {
    console.log('dist/ is up to date with the sources; no build needed.');
    return 0;
  }
  const service = runningService();
  if (service) {
    // A build empties dist/ first: the running service would lose files it still loads.
    console.error(
      `The sources changed since the last build, but the service (process ${service}) runs from dist/. Stop it first, then try again.`,
    );
    return 1;
  }
  console.log(
    built
      ? 'The sources changed since the last build: building the service (npm run build)…'
      : 'No build of this version yet: building the service (npm run build)…',
  );
  return npm(['run', 'build']);
}

process.exitCode = main(process.argv[2]);
