import { ChangesMark, DatabaseChanges } from '../database/database-changes';

/** Beyond this many accounts, forget them all (they are read again as they come). */
const MAX_ACCOUNTS = 10_000;

/** What `userOfLogin` decides on, as the database held it (null: no such account). */
interface Remembered<T> {
  account: T | null;
  mark: ChangesMark;
}

/**
 * The accounts bearer tokens stand for, remembered per process while PostgreSQL announces no
 * change to them (`user:<id>`, migration AnnounceAccountChanges; `DatabaseChanges`): every API
 * request asked the database for its caller's account, in a transaction of its own.
 *
 * Changes made elsewhere (another instance, `psql`) end a login here as soon as their
 * announcement arrives, the same window as every answer from memory (src/database/README.md).
 * Changes made by this process leave no window: `UsersService` calls `changing(id)` before it
 * writes an account, and from then on the account is read from the database on every request
 * until its announcement has arrived — which PostgreSQL sends after the change committed.
 * Without announcements (the embedded database, a lost connection) nothing is remembered.
 */
export class RememberedLogins<T> {
  private readonly accounts = new Map<string, Remembered<T>>();
  /** Accounts this process began to change, with a mark taken before it wrote. */
  private readonly changed = new Map<string, ChangesMark>();

  constructor(private readonly changes: DatabaseChanges) {}

  /** The account as remembered, or undefined when it must be read (`mark`, then `keep`). */
  recall(id: string): T | null | undefined {
    const remembered = this.accounts.get(id);
    if (!remembered) return undefined;
    if (this.current(id, remembered.mark)) return remembered.account;
    this.accounts.delete(id);
    return undefined;
  }

  /** Taken before reading the account; null when what is read may not be kept. */
  mark(id: string): ChangesMark | null {
    const mark = this.changes.mark();
    return mark && this.current(id, mark) ? mark : null;
  }

  keep(id: string, account: T | null, mark: ChangesMark | null): void {
    if (!mark) return;
    if (this.accounts.size >= MAX_ACCOUNTS) this.accounts.clear();
    this.accounts.set(id, { account, mark });
  }

  /** This process is about to change the account (before its transaction commits). */
  changing(id: string): void {
    this.accounts.delete(id);
    const mark = this.changes.mark();
    // Not listening: nothing is remembered now, and everything read before is forgotten.
    if (!mark) return;
    if (this.changed.size >= MAX_ACCOUNTS) this.forgetAnnounced();
    this.changed.set(id, mark);
  }

  /**
   * Nothing about the account was announced since `mark`, and no change this process began is
   * still unannounced.
   */
  private current(id: string, mark: ChangesMark): boolean {
    const subjects = [`user:${id}`];
    if (!this.changes.isCurrent(mark, subjects)) return false;
    const changed = this.changed.get(id);
    if (!changed) return true;
    if (this.changes.isCurrent(changed, subjects)) return false;
    // The change's announcement has arrived; `mark` came after it.
    this.changed.delete(id);
    return true;
  }

  private forgetAnnounced(): void {
    for (const [id, mark] of this.changed) {
      if (!this.changes.isCurrent(mark, [`user:${id}`])) this.changed.delete(id);
    }
  }
}
