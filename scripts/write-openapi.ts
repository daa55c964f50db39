import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { buildOpenApiDocument } from '../src/common/openapi/openapi';

/**
 * Writes the OpenAPI document the service serves at /api/docs-json to `openapi.json`, so that
 * every change to the HTTP contract shows up in review; with `--check` it only compares, for CI.
 *
 *   npm run openapi          regenerate after changing a controller or DTO
 *   npm run openapi:check    exit 1 when the committed file is stale
 */

// Anything that varies by machine would make the check fail on someone else's: the server URL
// is fixed, the environment is not read at all.
const FIXED_ENV = {
  PUBLIC_URL: 'http://localhost:3000',
  LOG_LEVEL: 'silent',
  NODE_ENV: 'development',
} as const;

/** The repository root, whether this runs from `scripts/` or compiled from `dist/scripts/`. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The document exactly as the service builds it, from an embedded database that is thrown away. */
export async function generateOpenApi(target: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rfe-openapi-'));
  try {
    const config = loadConfig({ ...FIXED_ENV, DATA_DIR: dataDir });
    const running = await createApp(config);
    try {
      return await format(buildOpenApiDocument(running.app, config), target);
    } finally {
      await running.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Two-space JSON with a trailing newline, laid out by Prettier with the repository's settings:
 * `npm run lint` checks every file with Prettier, and a file it would rewrite could never be
 * both lint-clean and equal to what this script writes.
 */
async function format(document: unknown, target: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(JSON.stringify(document, null, 2), { ...options, filepath: target });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const target = resolve(repositoryRoot(), 'openapi.json');
  const generated = await generateOpenApi(target);
  if (!check) {
    writeFileSync(target, generated);
    console.log(`wrote ${target}`);
    return;
  }
  const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (committed !== generated) {
    console.error('openapi.json is out of date: run npm run openapi');
    process.exitCode = 1;
    return;
  }
  console.log('openapi.json is up to date');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
