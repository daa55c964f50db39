import { DatabaseChanges } from './database-changes';
import {
  deepFreeze,
  Keeping,
  RememberedAnswers,
  RememberedAnswersLimits,
} from './remembered-answers';

/** What a computation gives: the value, and whether and how long it holds for everyone. */
export interface ComputedValue<T> {
  value: T;
  /** Null: the caller's alone (an insider's view), never kept. */
  keep: Keeping | null;
}

/**
 * One answer in the two forms it is asked for — the JSON bytes the API sends, the value a
 * page shows — read from memory while current when anyone may have it, computed for the
 * caller alone otherwise. The one place that decides "public caller: remembered; insider:
 * computed": a null key says the caller is to get an answer of their own before anything is
 * read; a null `keep` says so after (e.g. an unlisted room, which only insiders see).
 */
export class PublicAnswers<T> {
  private readonly remembered: RememberedAnswers;
  /** The value of each remembered answer, parsed once (and frozen: every caller gets it). */
  private readonly values = new WeakMap<Buffer, T>();

  constructor(
    private readonly changes: DatabaseChanges,
    limits: RememberedAnswersLimits,
  ) {
    this.remembered = new RememberedAnswers(changes, limits);
  }

  /** The answer as the JSON bytes sent. */
  async json(
    key: string | null,
    compute: (keeping: boolean) => Promise<ComputedValue<T>>,
  ): Promise<Buffer> {
    if (key === null) return toJson((await compute(false)).value);
    const { body } = await this.remembered.answer(key, async (keeping) => {
      const { value, keep } = await compute(keeping);
      return { body: toJson(value), keep };
    });
    return body;
  }

  /**
   * The answer as the value the JSON is made of: parsed from the remembered bytes, so that a
   * page shows exactly what the API sends; computed directly where nothing is remembered.
   * While the bytes are remembered, every caller gets the same value, parsed once and frozen,
   * so that a page may keep what it made of it (`PagesService.part`).
   */
  async value(
    key: string | null,
    compute: (keeping: boolean) => Promise<ComputedValue<T>>,
  ): Promise<T> {
    if (key === null || !this.changes.active) return (await compute(false)).value;
    const body = await this.json(key, compute);
    let value = this.values.get(body);
    if (value === undefined) {
      value = deepFreeze(JSON.parse(body.toString('utf8')) as T);
      this.values.set(body, value);
    }
    return value;
  }
}

const toJson = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
