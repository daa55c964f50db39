import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The feature folders under src/ depend on each other without a cycle (e.g. bookings →
 * notifications → calendar must never lead back to bookings). Lint checks *which files*
 * one module may import of another (`boundaries/dependencies` in eslint.config.mjs); this
 * checks that the folders' graph stays a hierarchy. Type-only imports count too.
 */
const SRC = __dirname;
const SHARED = new Set(['common', 'config', 'database']);

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const moduleOf = (file: string): string | null => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 && !SHARED.has(parts[0]) ? parts[0] : null;
};

function moduleGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(SRC)) {
    const from = moduleOf(file);
    if (!from) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = moduleOf(resolve(dirname(file), target));
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle's path, found by depth-first search. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path, node, next].join(' → '));
      else if (!state.has(next)) visit(next, [...path, node]);
    }
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node, []);
  return found;
}

describe('module graph', () => {
  it('has no cycle between feature folders', () => {
    const graph = moduleGraph();
    expect(graph.get('bookings')).toContain('rooms'); // the scan sees real imports
    expect(cycles(graph)).toEqual([]);
  });

  it('would report a cycle', () => {
    const graph = new Map([
      ['bookings', new Set(['notifications'])],
      ['notifications', new Set(['calendar'])],
      ['calendar', new Set(['bookings'])],
    ]);
    expect(cycles(graph)).toEqual(['bookings → notifications → calendar → bookings']);
  });
});
