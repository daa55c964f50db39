import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { sqlStateOf } from '../common/errors/sql-state';
import { Actor } from '../common/auth/actor';
import { Database } from '../database/database';
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

const toSummary = (user: User): UserSummary => ({
  id: user.id,
  email: user.email,
  name: user.name,
  locale: user.locale,
  isAdmin: user.isAdmin,
});

@Injectable()
export class UsersService {
  constructor(private readonly db: Database) {}

  private get users() {
    return this.db.repository(User);
  }

  async register(input: NewUser): Promise<UserSummary> {
    const email = input.email.trim().toLowerCase();
    if (await this.users.exists({ where: { email } })) throw IdentityErrors.EMAIL_TAKEN();
    const user = this.users.create({
      email,
      name: input.name.trim(),
      locale: input.locale,
      passwordHash: await hashPassword(input.password),
      isAdmin: false,
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

  /** The user for these credentials, or INVALID_CREDENTIALS without saying which part was wrong. */
  async authenticate(email: string, password: string): Promise<UserSummary> {
    const user = await this.users.findOne({ where: { email: email.trim().toLowerCase() } });
    const valid = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstDecoy(password);
    if (!user || !valid) throw IdentityErrors.INVALID_CREDENTIALS();
    return toSummary(user);
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
    const user = await this.users.findOne({ where: { email: email.trim().toLowerCase() } });
    return user ? toSummary(user) : null;
  }

  async findByIds(ids: string[]): Promise<Map<string, UserSummary>> {
    if (ids.length === 0) return new Map();
    const users = await this.users.find({ where: { id: In(ids) } });
    return new Map(users.map((user) => [user.id, toSummary(user)]));
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

  /** Makes sure the configured first admin exists and is an admin; an existing password is kept. */
  async ensureAdmin(email: string, password: string, locale: string): Promise<UserSummary> {
    const existing = await this.users.findOne({ where: { email } });
    if (existing) {
      if (!existing.isAdmin) await this.users.update({ id: existing.id }, { isAdmin: true });
      return toSummary({ ...existing, isAdmin: true });
    }
    const admin = this.users.create({
      email,
      name: 'Admin',
      locale,
      passwordHash: await hashPassword(password),
      isAdmin: true,
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
