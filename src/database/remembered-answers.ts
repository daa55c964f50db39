import { ChangesMark, DatabaseChanges } from './database-changes';

/** What is kept of an answer: at least the bytes sent (null: kept without them, see `withoutBody`). */
export interface Answer {
  body: Buffer | null;
}

/** How long a kept answer holds: until one of its subjects is announced, or the clock says. */
export interface Keeping {
  subjects: string[];
  /** The instant from which it may be different even without an announcement (`Infinity`: never). */
  expiresAt: number;
}

/**
 * What a computation of an answer gives: the answer, and whether and how long it holds. Null
 * `keep`: not to be kept (it holds only for the caller who asked, e.g. an insider's view of an
 * unlisted room).
 */
export type ComputedAnswer<A extends Answer = { body: Buffer }> = A & { keep: Keeping | null };

interface Entry<A> {
  /** Null: kept by version (`byVersion`), current for as long as it is kept. */
  mark: ChangesMark | null;
  subjects: string[];
  expiresAt: number;
  answer: A;
  /** What the entry costs the budget: its body and its key. */
  bytes: number;
}

/** A computation under way, with the mark taken before it began to read. */
interface Pending<A extends Answer> {
  mark: ChangesMark | null;
  byVersion: boolean;
  answer: Promise<ComputedAnswer<A>>;
}

export interface RememberedAnswersLimits<A extends Answer = { body: Buffer }> {
  maxEntries: number;
  maxBytes: number;
  /**
   * What to keep of an answer whose body alone would take more than a quarter of the budget
   * (its validators, say, which still answer a conditional request); absent: nothing.
   */
  withoutBody?: (answer: A) => A;
}

/** Whether a kept answer can be sent as it is; by default, when its body was kept. */
type Usable<A> = (answer: A) => boolean;
const hasBody = (answer: Answer): boolean => answer.body !== null;
/** For answers that are values without bytes of their own (`body: null`): usable as kept. */
export const asKept = (): boolean => true;

/**
 * A value and everything in it made unchangeable: a value kept in memory is handed to every
 * caller as the same object (so that what a page made of it can be kept with it), and none of
 * them may change it for the others.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}

/**
 * Answers kept in memory, as the bytes sent, while nothing they were made of changed: each
 * with the subjects it depends on (`DatabaseChanges`) and the instant it would change by the
 * clock alone. Only answers that anyone may get are kept; the key must name everything else
 * the answer depends on, normalised, and be bounded in size. Least recently used entries are
 * forgotten beyond the budget. Requests that miss together wait for one computation, then
 * check that it is still current for them.
 *
 * Without announcements (embedded database, lost connection) nothing is kept by `answer`
 * and every request computes its answer. `byVersion` keeps answers whose key names the
 * version of everything they are made of, read from the database: those hold without any
 * announcement, and only the budget forgets them. One store's two kinds of key must not meet.
 */
export class RememberedAnswers<A extends Answer = { body: Buffer }> {
  private readonly entries = new Map<string, Entry<A>>();
  private readonly pending = new Map<string, Pending<A>>();
  private bytes = 0;

  constructor(
    private readonly changes: DatabaseChanges,
    private readonly limits: RememberedAnswersLimits<A>,
  ) {}

  /**
   * The answer under `key`: remembered while current, otherwise from `compute`, which is told
   * whether its answer can be kept at all (it need not work out `keep` otherwise).
   */
  async answer(
    key: string,
    compute: (keeping: boolean) => Promise<ComputedAnswer<A>>,
    usable: Usable<A> = hasBody,
  ): Promise<A> {
    if (!this.changes.active) return compute(false);
    const waiting = this.changes.caughtUp();
    if (waiting) await waiting;
    const entry = this.entries.get(key);
    if (entry) {
      if (this.isCurrent(entry, Date.now())) {
        if (usable(entry.answer)) return this.touch(key, entry);
      } else {
        this.remove(key);
      }
    }
    const running = this.pending.get(key);
    if (running?.mark) {
      const shared = await running.answer.catch(() => null);
      // Kept answers only (anyone may have them), and only while still current.
      if (
        shared?.keep &&
        usable(shared) &&
        this.isCurrent({ mark: running.mark, ...shared.keep }, Date.now())
      ) {
        return shared;
      }
    }
    return this.computeOnce(key, compute, this.changes.mark(), false);
  }

  /**
   * The answer under `key`, which names the version of everything it is made of (a
   * fingerprint read from the database just before): the kept one while the budget keeps it,
   * otherwise from `compute` — once for all who ask meanwhile.
   */
  async byVersion(key: string, compute: () => Promise<A>, usable: Usable<A> = hasBody): Promise<A> {
    const entry = this.entries.get(key);
    if (entry && usable(entry.answer)) return this.touch(key, entry);
    const running = this.pending.get(key);
    if (running?.byVersion) {
      const shared = await running.answer.catch(() => null);
      if (shared) return shared;
    }
    const forever = async () => ({
      ...(await compute()),
      keep: { subjects: [], expiresAt: Infinity },
    });
    return this.computeOnce(key, forever, null, true);
  }

  /** How many answers are kept, and their bytes (for tests and metrics). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Map keeps insertion order: moving the entry to the end makes it the newest. */
  private touch(key: string, entry: Entry<A>): A {
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.answer;
  }

  private isCurrent(
    entry: { mark: ChangesMark | null; subjects: string[]; expiresAt: number },
    now: number,
  ): boolean {
    if (now >= entry.expiresAt) return false;
    return entry.mark === null || this.changes.isCurrent(entry.mark, entry.subjects);
  }

  /**
   * `mark`: taken before the first read, so that an announcement from now on makes what is
   * read suspect; null when not listening (nothing is kept then) and for an answer by version.
   */
  private computeOnce(
    key: string,
    compute: (keeping: boolean) => Promise<ComputedAnswer<A>>,
    mark: ChangesMark | null,
    byVersion: boolean,
  ): Promise<ComputedAnswer<A>> {
    const answer = compute(mark !== null || byVersion);
    const pending: Pending<A> = { mark, byVersion, answer };
    this.pending.set(key, pending);
    const settle = () => {
      if (this.pending.get(key) === pending) this.pending.delete(key);
    };
    answer.then((computed) => {
      settle();
      if (computed.keep && (mark || byVersion)) this.keep(key, mark, computed);
    }, settle);
    return answer;
  }

  private keep(key: string, mark: ChangesMark | null, computed: ComputedAnswer<A>): void {
    const { keep, ...answer } = computed;
    const { subjects, expiresAt } = keep!;
    // Changed while it was read, or already past its time: not worth keeping.
    if (!this.isCurrent({ mark, subjects, expiresAt }, Date.now())) return;
    let kept = answer as unknown as A;
    let bytes = (kept.body?.length ?? 0) + key.length * 2;
    if (bytes > this.limits.maxBytes / 4) {
      if (!this.limits.withoutBody) return;
      kept = this.limits.withoutBody(kept);
      bytes = (kept.body?.length ?? 0) + key.length * 2;
    }
    const known = this.entries.get(key)?.mark;
    // A later computation's answer is kept rather than an earlier one's.
    if (mark && known && known.epoch === mark.epoch && known.sequence > mark.sequence) return;
    this.remove(key);
    this.entries.set(key, { mark, subjects, expiresAt, answer: kept, bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }
}
