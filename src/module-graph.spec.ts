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

/**
 * Tables no entity stands for, and the module that owns each (its migrations' comments say
 * why): the rooms' booking counters are the bookings' triggers', the archived annual reports
 * the reports'.
 */
const OWNERS_WITHOUT_ENTITY: Record<string, string> = {
  room_booking_versions: 'bookings',
  annual_reports: 'reporting',
};

/** Each table and the module that owns it: the folder of its entity (`@Entity('name')`). */
function tableOwners(): Map<string, string> {
  const owners = new Map(Object.entries(OWNERS_WITHOUT_ENTITY));
  for (const file of sources(SRC).filter((path) => path.endsWith('.entity.ts'))) {
    const module = moduleOf(file);
    for (const [, table] of readFileSync(file, 'utf8').matchAll(/@Entity\('([a-z_]+)'\)/g)) {
      if (module) owners.set(table, module);
    }
  }
  return owners;
}

/** Where SQL names a table: after these keywords, as the services write them (upper case). */
const TABLE_NAMED = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_]+)\b/g;

/** `file:table` for each table a module's SQL names that another module owns. */
function foreignTables(files: { path: string; text: string }[], owners: Map<string, string>) {
  return files.flatMap(({ path, text }) => {
    const module = moduleOf(path);
    return [...text.matchAll(TABLE_NAMED)].flatMap(([, table]) => {
      const owner = owners.get(table);
      return module && owner && owner !== module ? [`${relative(SRC, path)}: ${table}`] : [];
    });
  });
}

/**
 * A module's SQL names only its own tables. What it needs of another's comes from that
 * module's contract (`*.contract.ts`: SQL for other modules' queries, e.g.
 * `memberOfOrganizationSql`, `roomNamesSql`), so that a module can change its tables without
 * reading every other module's queries. Lint checks the imports; this checks the SQL.
 */
describe('table ownership', () => {
  const owners = tableOwners();

  it('knows the owner of every table the migrations create', () => {
    const migrations = join(SRC, '..', 'migrations');
    const created = readdirSync(migrations).flatMap((name) => [
      ...readFileSync(join(migrations, name), 'utf8').matchAll(
        /CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g,
      ),
    ]);
    expect(created.length).toBeGreaterThan(20);
    expect(created.map(([, table]) => table).filter((table) => !owners.has(table))).toEqual([]);
  });

  it("finds no module's SQL naming another module's table outside a contract", () => {
    const files = sources(SRC)
      .filter((path) => !path.endsWith('.contract.ts'))
      .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    expect(foreignTables(files, owners)).toEqual([]);
  });

  it('would report a query that reads another module’s table', () => {
    const planted = {
      path: join(SRC, 'bookings', 'planted.service.ts'),
      text: 'db.query(`SELECT o.name FROM bookings b JOIN organizations o ON o.id = b.organization_id`)',
    };
    expect(foreignTables([planted], owners)).toEqual([
      'bookings/planted.service.ts: organizations',
    ]);
  });
});
