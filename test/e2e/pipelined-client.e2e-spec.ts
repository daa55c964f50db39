import { Client } from 'pg';
import { PipelinedClient, readingFirst } from '../../src/database/pipelined-client';
import {
  createSharedServerDatabase,
  sharedServerUrl,
  TestDatabase,
} from '../support/test-database';

/**
 * The server's connections send the queries a transaction starts together in one write
 * (pg's pipeline mode, corked for a turn of the event loop). What the booking batch relies
 * on: they are answered in order, each as if sent alone, and a read sent behind a lock
 * reads what the lock's previous holder committed (PostgreSQL takes a statement's snapshot
 * when it comes to the statement, not when it arrived).
 */
(sharedServerUrl() ? describe : describe.skip)('pipelined connections to a server', () => {
  let database: TestDatabase;
  let url: string;
  const clients: Client[] = [];

  const connect = async (pipelined: boolean) => {
    const client = pipelined
      ? new PipelinedClient({ connectionString: url })
      : new Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    return client;
  };

  /** Counts the writes to the client's socket while `work` runs. */
  const writesDuring = async <T>(client: Client, work: () => Promise<T>) => {
    const stream = (client as unknown as { connection: { stream: { _writeGeneric: never } } })
      .connection.stream;
    const original = stream._writeGeneric as (...args: unknown[]) => unknown;
    let writes = 0;
    stream._writeGeneric = ((...args: unknown[]) => {
      writes++;
      return original.apply(stream, args);
    }) as never;
    try {
      const result = await work();
      return { result, writes };
    } finally {
      stream._writeGeneric = original as never;
    }
  };

  beforeAll(async () => {
    database = await createSharedServerDatabase();
    url = database.env.DATABASE_URL;
    const admin = await connect(false);
    await admin.query('CREATE TABLE pipelined_rows (x int NOT NULL CHECK (x > 0))');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await database?.drop();
  });

  it('sends the queries started together in one write, answered in order', async () => {
    const client = await connect(true);
    const { result, writes } = await writesDuring(client, () =>
      Promise.all([
        client.query({ name: 'pipelined_one', text: 'SELECT $1::int AS x' }, [1]),
        client.query('SELECT 2 AS x'),
        client.query('SELECT $1::text AS x', ['three']),
      ]),
    );
    expect(result.map(({ rows }) => rows[0].x)).toEqual([1, 2, 'three']);
    expect(writes).toBe(1);
    // The same without the pipeline: one write per query.
    const plain = await connect(false);
    const sequential = await writesDuring(plain, () =>
      Promise.all([plain.query('SELECT 1'), plain.query('SELECT 2'), plain.query('SELECT 3')]),
    );
    expect(sequential.writes).toBe(3);
  });

  it('fails only the failing query outside a transaction, and every later one inside', async () => {
    const client = await connect(true);
    const outside = await Promise.allSettled([
      client.query('INSERT INTO pipelined_rows VALUES (1)'),
      client.query('INSERT INTO pipelined_rows VALUES (-1)'),
      client.query('INSERT INTO pipelined_rows VALUES (2)'),
    ]);
    expect(outside.map((one) => one.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    await client.query('BEGIN');
    const inside = await Promise.allSettled([
      client.query('INSERT INTO pipelined_rows VALUES (3)'),
      client.query('INSERT INTO pipelined_rows VALUES (-3)'),
      client.query('INSERT INTO pipelined_rows VALUES (4)'),
    ]);
    const commit = await client.query('COMMIT');
    expect(inside.map((one) => one.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((inside[2] as PromiseRejectedResult).reason).toMatchObject({ code: '25P02' });
    // PostgreSQL answers the COMMIT of a failed transaction with a rollback, not an error.
    expect(commit.command).toBe('ROLLBACK');
    const { rows } = await client.query('SELECT array_agg(x ORDER BY x) AS xs FROM pipelined_rows');
    expect(rows[0].xs).toEqual([1, 2]);
  });

  it("reads behind a lock in the same write see what the lock's holder committed", async () => {
    const holder = await connect(false);
    const reader = await connect(true);
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(727145999)');
    await holder.query('INSERT INTO pipelined_rows VALUES (100)');
    await reader.query('BEGIN');
    const read = Promise.all([
      reader.query('SELECT pg_advisory_xact_lock(727145999)'),
      reader.query('SELECT count(*)::int AS n FROM pipelined_rows WHERE x = 100'),
    ]);
    // The reader's lock waits for the holder; its read has arrived and waits behind it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await holder.query('COMMIT');
    const [, counted] = await read;
    await reader.query('COMMIT');
    expect(counted.rows).toEqual([{ n: 1 }]);
  });
  describe('a transaction that reads first (`readingFirst`)', () => {
    const xact = `SELECT pg_current_xact_id()::text AS id`;

    it('sends its BEGIN with its first reads, and they run in the transaction', async () => {
      const client = await connect(true);
      const { result, writes } = await writesDuring(client, () =>
        readingFirst(async () => {
          const begun = await client.query('START TRANSACTION');
          expect(begun.command).toBe('BEGIN');
          return Promise.all([client.query(xact), client.query('SELECT 1 AS one')]);
        }),
      );
      expect(writes).toBe(1);
      // One transaction: a later statement has the same transaction id.
      const later = await client.query(xact);
      expect(later.rows[0].id).toBe(result[0].rows[0].id);
      await client.query('COMMIT');
      // Outside `readingFirst` the BEGIN is waited for: its own write.
      const alone = await writesDuring(client, () => client.query('START TRANSACTION'));
      expect(alone.writes).toBe(1);
      await client.query('ROLLBACK');
    });

    it('refuses, unsent, whatever follows a BEGIN that failed, until the ROLLBACK', async () => {
      const client = await connect(true);
      const watcher = await connect(false);
      const rows = async () =>
        (await watcher.query('SELECT count(*)::int AS n FROM pipelined_rows WHERE x = 500')).rows[0]
          .n as number;
      // A BEGIN PostgreSQL refuses (42601): the read sent with it runs outside a transaction.
      const [first, insert] = await readingFirst(async () => {
        await client.query('START TRANSACTION ISOLATION LEVEL NO_SUCH_LEVEL');
        const read = await client.query('SELECT 1 AS one');
        return [
          read,
          await client.query('INSERT INTO pipelined_rows VALUES (500)').catch((e) => e),
        ];
      });
      expect(first.rows).toEqual([{ one: 1 }]);
      expect(insert).toMatchObject({ code: '42601' });
      const written = await writesDuring(client, () =>
        client.query('INSERT INTO pipelined_rows VALUES (500)').catch((e: unknown) => e),
      );
      expect(written.result).toMatchObject({ code: '42601' });
      expect(written.writes).toBe(0);
      expect(await rows()).toBe(0);
      // The ROLLBACK the transaction's failure sends ends it; the connection is usable again.
      await client.query('ROLLBACK');
      await client.query('INSERT INTO pipelined_rows VALUES (500)');
      expect(await rows()).toBe(1);
    });
  });
});
