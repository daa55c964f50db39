#!/usr/bin/env node
'use strict';

/**
 * Builds the web pages' static assets into dist/assets/ (run by `npm run build`):
 *
 * - the stylesheet, compiled with sass from src/web/styles/main.scss, which takes only the
 *   KERN components the pages use from @kern-ux/native's SCSS sources;
 * - the two Fira Sans weights the pages use, cut down to the Latin letters of the languages
 *   written in Latin script (Cyrillic and Arabic text falls back to the system's fonts);
 * - src/web/assets/*.js, the small progressive enhancements.
 *
 * Every file is named after its content's hash (so it is cached for ever, `immutable`), and
 * written beside a brotli and a gzip copy, served as they are. manifest.json maps the
 * logical name (main.css) to the fingerprinted one.
 */

const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'assets');
const kern = path.join(root, 'node_modules', '@kern-ux', 'native');

/** Basic Latin, Latin-1, Latin Extended-A (Turkish ğ ı ş), punctuation, the euro sign. */
const LATIN = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x100, 0x17f],
  [0x2010, 0x2027],
  [0x2030, 0x203a],
  [0x20ac, 0x20ac],
  [0x2190, 0x2193],
];
const FONTS = [
  { file: 'FiraSans-Regular.woff2', name: 'fira-sans-400.woff2' },
  { file: 'FiraSans-SemiBold.woff2', name: 'fira-sans-600.woff2' },
];

function fingerprinted(name, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return `${path.basename(name, ext)}.${hash}${ext}`;
}

function write(name, content, compress) {
  fs.writeFileSync(path.join(out, name), content);
  if (!compress) return;
  fs.writeFileSync(
    path.join(out, `${name}.br`),
    zlib.brotliCompressSync(content, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }),
  );
  fs.writeFileSync(path.join(out, `${name}.gz`), zlib.gzipSync(content, { level: 9 }));
}

async function main() {
  const sass = require('sass');
  const subsetFont = require('subset-font');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const manifest = {};

  const text = LATIN.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)),
  ).join('');
  for (const font of FONTS) {
    const source = fs.readFileSync(path.join(kern, 'dist', 'fonts', 'fira-sans', font.file));
    const subset = await subsetFont(source, text, { targetFormat: 'woff2' });
    const name = fingerprinted(font.name, subset);
    write(name, subset, false); // woff2 is compressed already
    manifest[font.name] = name;
  }

  const css = sass
    .compile(path.join(root, 'src', 'web', 'styles', 'main.scss'), {
      style: 'compressed',
      loadPaths: [path.join(kern, 'src', 'scss')],
      quietDeps: true,
      silenceDeprecations: ['import', 'global-builtin', 'color-functions'],
    })
    .css.replace(/url\(["']?fonts\/([\w.-]+)["']?\)/g, (whole, font) =>
      manifest[font] ? `url(${manifest[font]})` : whole,
    );
  const cssName = fingerprinted('main.css', css);
  write(cssName, Buffer.from(css), true);
  manifest['main.css'] = cssName;

  const scripts = path.join(root, 'src', 'web', 'assets');
  for (const file of fs.existsSync(scripts) ? fs.readdirSync(scripts) : []) {
    const content = fs.readFileSync(path.join(scripts, file));
    const name = fingerprinted(file, content);
    write(name, content, true);
    manifest[file] = name;
  }

  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
