import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  woff2: 'font/woff2',
};

/** The package root: where package.json is, from src/ (tests) or dist/src/ (service). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The static assets `npm run build` wrote to dist/assets (scripts/build-assets.js). */
export class Assets {
  private readonly files = new Map<
    string,
    { type: string; body: Buffer; br?: Buffer; gz?: Buffer }
  >();
  readonly manifest: Record<string, string>;

  constructor(dir = join(packageRoot(), 'dist', 'assets')) {
    const manifestFile = join(dir, 'manifest.json');
    if (!existsSync(manifestFile)) {
      throw new Error(`${manifestFile} is missing: run npm run build`);
    }
    this.manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
    for (const name of Object.values(this.manifest)) {
      const read = (file: string) =>
        existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : undefined;
      const ext = name.slice(name.lastIndexOf('.') + 1);
      this.files.set(name, {
        type: TYPES[ext] ?? 'application/octet-stream',
        body: readFileSync(join(dir, name)),
        br: read(`${name}.br`),
        gz: read(`${name}.gz`),
      });
    }
  }

  /** The URL of a logical asset (`main.css` → `/assets/main.3f2a….css`). */
  url(logical: string): string {
    const name = this.manifest[logical];
    if (!name) throw new Error(`Unknown asset ${logical}`);
    return `/assets/${name}`;
  }

  /**
   * Serves /assets/* from memory, the precompressed copy the browser accepts, cached for
   * ever: a changed file gets a new name.
   */
  register(fastify: FastifyInstance): void {
    fastify.get<{ Params: { name: string } }>('/assets/:name', (request, reply) => {
      const file = this.files.get(request.params.name);
      if (!file) {
        return reply
          .status(404)
          .header('content-type', 'text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send('Not found');
      }
      const accepts = String(request.headers['accept-encoding'] ?? '');
      void reply
        .header('content-type', file.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('vary', 'accept-encoding');
      if (file.br && /\bbr\b/.test(accepts)) {
        return reply.header('content-encoding', 'br').send(file.br);
      }
      if (file.gz && /\bgzip\b/.test(accepts)) {
        return reply.header('content-encoding', 'gzip').send(file.gz);
      }
      return reply.send(file.body);
    });
  }
}
