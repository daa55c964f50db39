import { ChangesMark, DatabaseChanges } from './database-changes';

/** What a computation of an answer gives: its bytes, and whether and how long they hold. */
export interface ComputedAnswer {
  body: Buffer;
  /**
   * Null: not to be kept (it holds only for the caller who asked, e.g. an insider's view of an
   * unlisted room). Otherwise the subjects whose announcement ends it, and the instant from
   * which it may be different even without one (`Infinity`: never by itself).
   */
  keep: { subjects: string[]; expiresAt: number } | null;
}

interface Entry {
  mark: ChangesMark;
  subjects: string[];
  expiresAt: number;
  body: Buffer;
  /** What the entry costs the budget: its body and its key. */
  bytes: number;
}

/** A computation under way, with the mark taken before it began to read. */
interface Pending {
  mark: ChangesMark | null;
  answer: Promise<ComputedAnswer>;
}

export interface RememberedAnswersLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * Answers kept in memory, as the bytes sent, while nothing they were made of changed: each
 * with the subjects it depends on (`DatabaseChanges`) and the instant it would change by the
 * clock alone. Only answers that anyone may get are kept; the key must name everything else
 * the answer depends on, normalised, and be bounded in size. Least recently used entries are
 * forgotten beyond the budget. Requests that miss together wait for one computation, then
 * check that it is still current for them.
 *
 * Without announcements (embedded database, lost connection) nothing is kept and every
 * request computes its answer.
 */
export class RememberedAnswers {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  constructor(
    private readonly changes: DatabaseChanges,
    private readonly limits: RememberedAnswersLimits,
  ) {}

  /**
   * The answer under `key`: remembered while current, otherwise from `compute`, which is told
   * whether its answer can be kept at all (it need not work out `keep` otherwise).
   */
  async answer(
    key: string,
    compute: (keeping: boolean) => Promise<ComputedAnswer>,
  ): Promise<Buffer> {
    if (!this.changes.active) return (await compute(false)).body;
    const waiting = this.changes.caughtUp();
    if (waiting) await waiting;
    const entry = this.entries.get(key);
    if (entry) {
      if (this.isCurrent(entry, Date.now())) {
        // Map keeps insertion order: moving the entry to the end makes it the newest.
        this.entries.delete(key);
        this.entries.set(key, entry);
        return entry.body;
      }
      this.remove(key);
    }
    const running = this.pending.get(key);
    if (running?.mark) {
      const shared = await running.answer.catch(() => null);
      // Kept answers only (anyone may have them), and only while still current.
      if (shared?.keep && this.isCurrent({ mark: running.mark, ...shared.keep }, Date.now())) {
        return shared.body;
      }
    }
    return (await this.computeOnce(key, compute)).body;
  }

  /** How many answers are kept, and their bytes (for tests and metrics). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private isCurrent(
    entry: { mark: ChangesMark; subjects: string[]; expiresAt: number },
    now: number,
  ): boolean {
    return now < entry.expiresAt && this.changes.isCurrent(entry.mark, entry.subjects);
  }

  private computeOnce(
    key: string,
    compute: (keeping: boolean) => Promise<ComputedAnswer>,
  ): Promise<ComputedAnswer> {
    // Taken before the first read: an announcement from now on makes what is read suspect.
    const mark = this.changes.mark();
    const answer = compute(mark !== null);
    const pending: Pending = { mark, answer };
    this.pending.set(key, pending);
    const settle = () => {
      if (this.pending.get(key) === pending) this.pending.delete(key);
    };
    answer.then((computed) => {
      settle();
      if (mark && computed.keep) this.keep(key, mark, computed);
    }, settle);
    return answer;
  }

  private keep(key: string, mark: ChangesMark, computed: ComputedAnswer): void {
    const { subjects, expiresAt } = computed.keep!;
    // Changed while it was read, or already past its time: not worth keeping.
    if (!this.isCurrent({ mark, subjects, expiresAt }, Date.now())) return;
    const bytes = computed.body.length + key.length * 2;
    if (bytes > this.limits.maxBytes / 4) return;
    const known = this.entries.get(key);
    // A later computation's answer is kept rather than an earlier one's.
    if (known && known.mark.epoch === mark.epoch && known.mark.sequence > mark.sequence) return;
    this.remove(key);
    this.entries.set(key, { mark, subjects, expiresAt, body: computed.body, bytes });
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
