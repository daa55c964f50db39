import { Injectable } from '@nestjs/common';
import { sqlStateOf } from '../common/errors/sql-state';
import { Actor } from '../common/auth/actor';
import { page, PageDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { DatabaseChanges } from '../database/database-changes';
import { RememberedAnswers, asKept } from '../database/remembered-answers';
import { AuditService } from '../audit/audit.service';
import { escapeLikeText, loginUserSql } from './identity.contract';
import { IdentityErrors } from './identity.errors';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  locale: string;
}

/** A user as other modules see one: never the password hash. */
export type UserSummary = Actor;

/** A user as admins see one in the list of accounts. */
export interface UserRecord extends UserSummary {
  blockedAt: Date | null;
  emailConfirmedAt: Date | null;
  createdAt: Date;
}

export interface UserListQuery {
  q?: string;
  blocked?: boolean;
  admin?: boolean;
  limit: number;
  offset: number;
}

/** A password hashed by `preparePassword`, ready to be stored. */
export interface PreparedPassword {
  readonly hash: string;
  readonly prepared: true;
}

const toSummary = (user: LoginUser): UserSummary => ({
  id: user.id,
  email: user.email,
  name: user.name,
  locale: user.locale,
  isAdmin: user.isAdmin,
  emailConfirmed: user.emailConfirmedAt !== null,
});

/** What decides whether a login still stands for its user. */
export type LoginUser = Pick<
  User,
  'id' | 'email' | 'name' | 'locale' | 'isAdmin' | 'emailConfirmedAt' | 'blockedAt'
> & { credentialsChangedAt: Date | null };

/**
 * The user a login begun at `issuedAt` stands for, or null when the account is blocked or
 * its credentials changed after that login began (for `forLogin` and for the web sessions,
 * which read the user with their session in one query).
 */
export function userOfLogin(user: LoginUser | null, issuedAt: Date): UserSummary | null {
  if (!user || user.blockedAt) return null;
  if (user.credentialsChangedAt && issuedAt < user.credentialsChangedAt) return null;
  return toSummary(user);
}

/** A row of `loginUserSql` (identity.contract.ts); `id` is null when a LEFT JOIN found no user. */
export interface LoginUserRow {
  id: string | null;
  email: string;
  name: string;
  locale: string;
  is_admin: boolean;
  email_confirmed_at: Date | null;
  blocked_at: Date | null;
  credentials_changed_at: Date | null;
}

export const loginUserOfRow = (row: LoginUserRow | undefined): LoginUser | null =>
  !row || row.id === null
    ? null
    : {
        id: row.id,
        email: row.email,
        name: row.name,
        locale: row.locale,
        isAdmin: row.is_admin,
        emailConfirmedAt: row.email_confirmed_at,
        blockedAt: row.blocked_at,
        credentialsChangedAt: row.credentials_changed_at,
      };

const toRecord = (user: User): UserRecord => ({
  ...toSummary(user),
  blockedAt: user.blockedAt,
  emailConfirmedAt: user.emailConfirmedAt,
  createdAt: user.createdAt,
});

/** A login's account as remembered (null: no such account): a value, no bytes of its own. */
interface RememberedLogin {
  body: null;
  account: LoginUser | null;
}

/** Accounts remembered per process; each costs its row and key (well under a kilobyte). */
const REMEMBERED_LOGINS = { maxEntries: 10_000, maxBytes: 8 * 1024 * 1024 };

const normalEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  private readonly logins: RememberedAnswers<RememberedLogin>;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    changes: DatabaseChanges,
  ) {
    this.logins = new RememberedAnswers(changes, REMEMBERED_LOGINS);
  }

  private get users() {
    return this.db.repository(User);
  }

  /** A new account, its address not yet confirmed; EMAIL_TAKEN when the address has one. */
  async register(input: NewUser, password?: PreparedPassword): Promise<UserSummary> {
    const email = normalEmail(input.email);
    if (await this.users.exists({ where: { email } })) throw IdentityErrors.EMAIL_TAKEN();
    const user = this.users.create({
      email,
      name: input.name.trim(),
      locale: input.locale,
      passwordHash: password?.hash ?? (await hashPassword(input.password)),
      isAdmin: false,
      emailConfirmedAt: null,
    });
    try {
      return toSummary(await this.users.save(user));
    } catch (error) {
      // The unique index decides a race between two registrations of one address.
      if (sqlStateOf(error) === '23505') {
        throw IdentityErrors.EMAIL_TAKEN();
      }
      throw error;
    }
  }

  /**
   * The user for these credentials, or INVALID_CREDENTIALS without saying which part was
   * wrong. A blocked account is told so only to whoever knows its password.
   */
  async authenticate(email: string, password: string): Promise<UserSummary> {
    const user = await this.users.findOne({ where: { email: normalEmail(email) } });
    const valid = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstDecoy(password);
    if (!user || !valid) throw IdentityErrors.INVALID_CREDENTIALS();
    if (user.blockedAt) throw IdentityErrors.ACCOUNT_BLOCKED();
    return toSummary(user);
  }

  /**
   * The user a login (a bearer token, a web session) of `issuedAt` stands for, or null when
   * the account is gone, blocked, or its credentials changed after that login began (one rule,
   * `userOfLogin`). Asked on every authenticated request, so plain SQL of what that rule needs
   * (no entity, no password hash), remembered while the database announces no change to the
   * account (`user:<id>`, migration AnnounceAccountChanges; `RememberedAnswers`): a block or a
   * password change made through this instance ends a login with the very next request (the
   * next answer from memory waits for that change's announcement), made elsewhere as soon as
   * its announcement arrives.
   */
  async forLogin(id: string, issuedAt: Date): Promise<UserSummary | null> {
    const { account } = await this.logins.answer(
      id,
      async () => {
        const [row] = await this.db.prepared<LoginUserRow[]>(loginUserSql('$1'), [id]);
        return {
          body: null,
          account: loginUserOfRow(row),
          keep: { subjects: [`user:${id}`], expiresAt: Infinity },
        };
      },
      asKept,
    );
    return userOfLogin(account, issuedAt);
  }

  async findById(id: string): Promise<UserSummary | null> {
    const user = await this.users.findOne({ where: { id } });
    return user ? toSummary(user) : null;
  }

  /** The user, or USER_NOT_FOUND. */
  async get(id: string): Promise<UserSummary> {
    const user = await this.findById(id);
    if (!user) throw IdentityErrors.USER_NOT_FOUND();
    return user;
  }

  async findByEmail(email: string): Promise<UserSummary | null> {
    const user = await this.users.findOne({ where: { email: normalEmail(email) } });
    return user ? toSummary(user) : null;
  }

  async findByIds(ids: string[]): Promise<Map<string, UserSummary>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.prepared<LoginUserRow[]>(loginUserSql('ANY($1::uuid[])'), [ids]);
    return new Map(
      rows.map(loginUserOfRow).flatMap((user) => (user ? [[user.id, toSummary(user)]] : [])),
    );
  }

  async updateProfile(
    id: string,
    changes: { name?: string; locale?: string },
  ): Promise<UserSummary> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw IdentityErrors.USER_NOT_FOUND();
    if (changes.name !== undefined) user.name = changes.name.trim();
    if (changes.locale !== undefined) user.locale = changes.locale;
    return toSummary(await this.users.save(user));
  }

  // ---- credentials ------------------------------------------------------------------

  /** PASSWORD_WRONG unless `password` is the user's (for changing it or deleting the account). */
  async checkPassword(id: string, password: string): Promise<void> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw IdentityErrors.USER_NOT_FOUND();
    if (!(await verifyPassword(user.passwordHash, password))) throw IdentityErrors.PASSWORD_WRONG();
  }

  /**
   * Hashes a new password ahead of `setPassword`: hashing is slow on purpose, and should not
   * happen while a transaction holds locks.
   */
  async preparePassword(password: string): Promise<PreparedPassword> {
    return { hash: await hashPassword(password), prepared: true };
  }

  /**
   * Sets a new password and ends every login begun before now. `confirmEmail`: the caller
   * proved they read the account's mail (a reset link), which confirms the address too.
   */
  async setPassword(
    id: string,
    password: PreparedPassword,
    { confirmEmail = false } = {},
  ): Promise<Date> {
    const passwordHash = password.hash;
    const now = new Date();
    const changes: Partial<User> = { passwordHash, credentialsChangedAt: now };
    const result = await this.db.manager
      .createQueryBuilder()
      .update(User)
      .set({
        ...changes,
        ...(confirmEmail ? { emailConfirmedAt: () => 'coalesce(email_confirmed_at, now())' } : {}),
      })
      .where('id = :id', { id })
      .execute();
    if (!result.affected) throw IdentityErrors.USER_NOT_FOUND();
    return now;
  }

  /** Marks the address as confirmed; false when it was confirmed before. */
  async confirmEmail(id: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update()
      .set({ emailConfirmedAt: () => 'now()' })
      .where('id = :id AND email_confirmed_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  // ---- for admins ---------------------------------------------------------------------

  async list(query: UserListQuery): Promise<PageDto<UserRecord>> {
    const builder = this.users
      .createQueryBuilder('u')
      .orderBy('lower(u.name)')
      .addOrderBy('u.id')
      .limit(query.limit)
      .offset(query.offset);
    if (query.q) {
      builder.andWhere("(u.name ILIKE '%' || :q || '%' OR u.email ILIKE '%' || :q || '%')", {
        q: escapeLikeText(query.q),
      });
    }
    if (query.blocked !== undefined) {
      builder.andWhere(query.blocked ? 'u.blocked_at IS NOT NULL' : 'u.blocked_at IS NULL');
    }
    if (query.admin !== undefined) builder.andWhere('u.is_admin = :admin', { admin: query.admin });
    const [users, total] = await Promise.all([builder.getMany(), builder.getCount()]);
    return page(users.map(toRecord), total, query);
  }

  async record(id: string): Promise<UserRecord> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw IdentityErrors.USER_NOT_FOUND();
    return toRecord(user);
  }

  /**
   * Blocks or unblocks an account. Blocking also ends every login begun before it, so that
   * unblocking later does not bring old tokens back. Admins cannot block themselves.
   */
  async setBlocked(actor: Actor, id: string, blocked: boolean): Promise<UserRecord> {
    if (blocked && actor.id === id) throw IdentityErrors.CANNOT_BLOCK_SELF();
    return this.db.transaction(async () => {
      const user = await this.lock(id);
      if (!user) throw IdentityErrors.USER_NOT_FOUND();
      if (blocked === (user.blockedAt !== null)) return user;
      const now = new Date();
      await this.users.update(
        { id },
        blocked
          ? { blockedAt: now, blockedBy: actor.id, credentialsChangedAt: now }
          : { blockedAt: null, blockedBy: null },
      );
      await this.audit.record({
        actorId: actor.id,
        action: blocked ? 'user.blocked' : 'user.unblocked',
        entity: 'user',
        entityId: id,
      });
      return this.record(id);
    });
  }

  /** Admins who can be written to (for mail that asks agency staff to act). */
  async admins(): Promise<UserSummary[]> {
    const admins = await this.users.find({
      where: { isAdmin: true },
      order: { createdAt: 'ASC' },
      take: 50,
    });
    return admins.filter((admin) => !admin.blockedAt).map(toSummary);
  }

  /**
   * Deletes the account's row: name, address and password hash are gone; memberships,
   * calendar links and mail links go with it (ON DELETE CASCADE), and bookings keep no
   * reference to the person (ON DELETE SET NULL). Runs in the caller's transaction.
   */
  async erase(id: string): Promise<void> {
    await this.users.delete({ id });
  }

  /** Locks the account's row until the caller's transaction ends; the account, or null. */
  async lock(id: string): Promise<UserRecord | null> {
    const user = await this.db.manager.findOne(User, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    return user ? toRecord(user) : null;
  }

  /** Makes sure the configured first admin exists and is an admin; an existing password is kept. */
  async ensureAdmin(email: string, password: string, locale: string): Promise<UserSummary> {
    const existing = await this.users.findOne({ where: { email } });
    if (existing) {
      if (!existing.isAdmin || !existing.emailConfirmedAt) {
        await this.users.update(
          { id: existing.id },
          { isAdmin: true, emailConfirmedAt: existing.emailConfirmedAt ?? new Date() },
        );
      }
      return toSummary({ ...existing, isAdmin: true, emailConfirmedAt: new Date() });
    }
    const admin = this.users.create({
      email,
      name: 'Admin',
      locale,
      passwordHash: await hashPassword(password),
      isAdmin: true,
      // Whoever set ADMIN_EMAIL runs the service: the address needs no confirmation mail.
      emailConfirmedAt: new Date(),
    });
    await this.users
      .createQueryBuilder()
      .insert()
      .values(admin)
      .orIgnore() // another instance starting at the same moment may have created it
      .execute();
    return toSummary((await this.users.findOne({ where: { email } }))!);
  }
}
