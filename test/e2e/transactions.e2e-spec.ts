import { randomUUID } from 'node:crypto';
import { AuditService } from '../../src/audit/audit.service';
import { Database } from '../../src/database/database';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import {
  createOrganization,
  organizationInput,
  registerUser,
  TestUser,
} from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The ambient transaction: services called inside `Database.transaction` run on its
 * connection. On the embedded database (one connection) a query sent past the transaction
 * would wait for it forever, so these tests fail by timing out if the context is lost.
 */
describe('one transaction context', () => {
  let app: TestApp;
  let db: Database;
  let owner: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    app = await startTestApp();
    db = app.running.app.get(Database);
    owner = await registerUser(app, { name: 'Ayşe' });
    organizationId = (await createOrganization(app, owner)).id;
  });
  afterAll(() => app.close());

  /** Rejects instead of hanging, so that a lost context fails the test with a reason. */
  const within = <T>(work: Promise<T>, ms = 5000): Promise<T> =>
    Promise.race([
      work,
      new Promise<T>((_, reject) =>
        setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref(),
      ),
    ]);

  const auditRows = async (entityId: string) =>
    Number(
      (
        await app.db.query<{ n: string }[]>(
          `SELECT count(*)::text AS n FROM audit_log WHERE entity_id = $1`,
          [entityId],
        )
      )[0].n,
    );

  it("reads other modules' services inside a transaction, and rolls back with it", async () => {
    const audit = app.running.app.get(AuditService);
    const organizations = app.running.app.get(OrganizationsService);
    const entityId = organizationId;
    const refused = within(
      db.transaction(async () => {
        await audit.record({
          actorId: owner.id,
          action: 'test.rolled-back',
          entity: 'x',
          entityId,
        });
        // organisations read their members through identity's service, in this transaction
        const contacts = await organizations.contactsOf([organizationId]);
        expect(contacts.get(organizationId)?.members.map((m) => m.email)).toEqual([owner.email]);
        throw new Error('roll back');
      }),
    );
    await expect(refused).rejects.toThrow('roll back');
    expect(await auditRows(entityId)).toBe(0);
  });

  it('lets a transaction called inside another join it: both commit or neither', async () => {
    const organizations = app.running.app.get(OrganizationsService);
    const actor = {
      id: owner.id,
      email: owner.email,
      name: 'Ayşe',
      locale: 'de',
      isAdmin: false,
      emailConfirmed: true,
    };
    const name = `Nested ${Date.now()}`;
    const count = async () =>
      Number(
        (
          await app.db.query<{ n: string }[]>(
            `SELECT count(*)::text AS n FROM organizations WHERE name = $1`,
            [name],
          )
        )[0].n,
      );
    // OrganizationsService.create runs its own transaction (organisation + first membership).
    await expect(
      within(
        db.transaction(async () => {
          await organizations.create(actor, organizationInput({ name }) as never);
          throw new Error('roll back the outer one');
        }),
      ),
    ).rejects.toThrow('roll back the outer one');
    expect(await count()).toBe(0);

    await within(
      db.transaction(() => organizations.create(actor, organizationInput({ name }) as never)),
    );
    expect(await count()).toBe(1);
  });

  describe('writes nobody waits for (`later`)', () => {
    const BROKEN = `INSERT INTO audit_log (actor_id, action, entity, entity_id)
                    VALUES (NULL, NULL, 'x', $1)`;
    const record = (entityId: string) =>
      app.running.app.get(AuditService).record({
        actorId: owner.id,
        action: 'test.later',
        entity: 'x',
        entityId,
      });
    const id = () => randomUUID();

    it('fails the transaction with the write’s own error, even when nothing is read after it', async () => {
      const entityId = id();
      const failing = within(
        db.transaction(async () => {
          await record(entityId);
          await db.later(BROKEN, [entityId]);
          // Nothing else is sent: the COMMIT is what finds the failure.
        }),
      );
      // 23502: the NOT NULL violation itself, not "the transaction was aborted".
      await expect(failing).rejects.toMatchObject({ driverError: { code: '23502' } });
      expect(await auditRows(entityId)).toBe(0);
    });

    it('reports the write’s error, not the aborted statements after it', async () => {
      const entityId = id();
      const failing = within(
        db.transaction(async () => {
          await db.later(BROKEN, [entityId]);
          await record(entityId);
          await db.query('SELECT 1');
        }),
      );
      await expect(failing).rejects.toMatchObject({ driverError: { code: '23502' } });
      expect(await auditRows(entityId)).toBe(0);
    });

    it('reports an awaited statement’s error, not the later writes it aborted', async () => {
      const entityId = id();
      const failing = within(
        db.transaction(async () => {
          const insert = db.query(BROKEN, [entityId]);
          // Sent behind the failing statement (on a server, in the same write): it fails
          // only because the transaction already has.
          await record(entityId);
          await insert;
        }),
      );
      await expect(failing).rejects.toMatchObject({ driverError: { code: '23502' } });
      expect(await auditRows(entityId)).toBe(0);
    });

    it('commits a later write with its transaction, and writes at once outside one', async () => {
      const inside = id();
      await within(db.transaction(() => record(inside)));
      expect(await auditRows(inside)).toBe(1);
      const outside = id();
      await record(outside);
      expect(await auditRows(outside)).toBe(1);
    });

    it('waits for every piece of `all` before failing with the first failure', async () => {
      let lateDone = false;
      const late = new Promise<string>((resolve) =>
        setTimeout(() => {
          lateDone = true;
          resolve('late');
        }, 100),
      );
      const failing = db.all([
        db.query('SELECT 1 AS one'),
        db.query('SELECT nothing_here'),
        late,
        db.query('SELECT also_nothing'),
      ]);
      await expect(failing).rejects.toThrow(/nothing_here/);
      expect(lateDone).toBe(true);
      await expect(db.all([db.query('SELECT 1 AS one'), late])).resolves.toEqual([
        [{ one: 1 }],
        'late',
      ]);
    });
  });

  it('plans a genericPlans transaction generically, and only that transaction', async () => {
    const mode = async () =>
      (await db.query<{ mode: string }[]>(`SELECT current_setting('plan_cache_mode') AS mode`))[0]
        .mode;
    const inside = await within(db.transaction(mode, { genericPlans: true }));
    expect(inside).toBe('force_generic_plan');
    // SET LOCAL: the pooled connection goes back as it was (on the embedded database, the
    // very same connection).
    expect(await within(db.transaction(mode))).toBe('auto');
    expect(await mode()).toBe('auto');
  });
});
