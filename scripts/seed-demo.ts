import 'reflect-metadata';
import { ConfigError, loadConfig } from '../src/config/app-config';
import {
  connectWithRetry,
  dataSourceOptions,
  openDatabase,
  runMigrations,
} from '../src/database/data-source';
import { BASE_ROOM_COUNT } from './seed/catalogue';
import { checkRoomCount, MAX_ROOMS, SeedError, seedDemo, SeedResult } from './seed/seed';

const USAGE = `Usage: npm run seed:demo [-- [<rooms>] [--allow-production]]

Fills the configured database (DATABASE_URL, or the embedded one in DATA_DIR) with demo
data: accounts, organisations and a room catalogue in Heidelberg's districts.

  <rooms>              the number of demo rooms wanted, ${BASE_ROOM_COUNT} to ${MAX_ROOMS}
                       (default ${BASE_ROOM_COUNT}, the hand-written demo; more are generated,
                       always the same ones, e.g. for benchmarks)
  --allow-production   run even though NODE_ENV=production (the demo accounts have
                       a published password, including an admin)

Running it again adds only what is missing.`;

interface Arguments {
  rooms?: number;
  allowProduction: boolean;
}

function parseArguments(args: string[]): Arguments | 'help' {
  const parsed: Arguments = { allowProduction: false };
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--allow-production') parsed.allowProduction = true;
    else if (/^\d+$/.test(arg) && parsed.rooms === undefined) parsed.rooms = Number(arg);
    else throw new SeedError(`Unknown argument "${arg}". See npm run seed:demo -- --help`);
  }
  return parsed;
}

function report(result: SeedResult): void {
  const { written } = result;
  console.log(
    `\nAdded ${written.rooms} rooms, ${written.venues} venues, ${written.organizations} organisations, ` +
      `${written.users} accounts, ${written.openingHours} opening-hours intervals and ${written.closures} closures ` +
      `in ${(result.milliseconds / 1000).toFixed(1)} s.`,
  );
  console.log(
    `The database now holds ${result.totalRooms} rooms (${result.demoRooms} of them from this demo).`,
  );
  console.log(`\nDemo accounts (password for all: ${result.password}):`);
  const width = Math.max(...result.accounts.map((account) => account.email.length));
  for (const account of result.accounts) {
    console.log(`  ${account.email.padEnd(width)}  ${account.role}`);
  }
  console.log(
    '\nOpen http://localhost:3000/ and log in, or use the API at http://localhost:3000/api/docs.',
  );
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  if (args.rooms !== undefined) checkRoomCount(args.rooms);
  const config = loadConfig();
  if (config.production && !args.allowProduction) {
    throw new SeedError(
      'NODE_ENV=production: the demo adds accounts with a published password (one of them an admin). Add --allow-production if you really mean it.',
    );
  }
  const database = await openDatabase(config.database);
  try {
    const dataSource = await connectWithRetry(
      dataSourceOptions(database.connection),
      config.database.connectTimeoutSeconds,
      (error) => console.log(`Database not reachable yet, retrying: ${error.message}`),
    ).catch((error: Error) => {
      throw new ConfigError(
        config.database.kind === 'server' ? 'DATABASE_URL' : 'DATA_DIR',
        `could not be reached: ${error.message}`,
      );
    });
    try {
      // A fresh database gets its schema first, as the service would on start.
      const applied = await runMigrations(dataSource);
      if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
      report(await seedDemo(dataSource, { rooms: args.rooms, log: (line) => console.log(line) }));
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SeedError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
