import { loadConfig } from '../config/app-config';
import { DatabaseChanges } from './database-changes';
import { Answer, RememberedAnswers, RememberedAnswersLimits } from './remembered-answers';

/** An answer with validators, as a feed keeps them. */
interface Validated extends Answer {
  etag: string;
}

// Never started: it does not listen (as on the embedded database), so nothing is announced.
const silent = () => new DatabaseChanges(loadConfig({}));

const store = (limits: RememberedAnswersLimits<Validated>) =>
  new RememberedAnswers<Validated>(silent(), limits);

const validated = (body: string): Validated => ({
  etag: `"${body.length}"`,
  body: Buffer.from(body),
});

/** The answer by version: the kept one, or `body` newly computed (and counted). */
function counting() {
  const computed: string[] = [];
  const ask = (answers: RememberedAnswers<Validated>, key: string, body = key) =>
    answers
      .byVersion(key, () => {
        computed.push(key);
        return Promise.resolve(validated(body));
      })
      .then((answer) => answer.body?.toString('utf8'));
  return { computed, ask };
}

describe('answers remembered by version', () => {
  it('are kept without announcements, and the least recently used forgotten first', async () => {
    const answers = store({ maxEntries: 2, maxBytes: 1_000 });
    const { computed, ask } = counting();
    await ask(answers, 'a');
    await ask(answers, 'b');
    expect(await ask(answers, 'a')).toBe('a');
    await ask(answers, 'c');
    expect(computed).toEqual(['a', 'b', 'c']);
    // b was the least recently used: computed again, a and c were kept.
    expect(await ask(answers, 'b')).toBe('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
    expect(answers.size.entries).toBe(2);
  });

  it('stay within the byte budget', async () => {
    const answers = store({ maxEntries: 10, maxBytes: 400 });
    const { ask } = counting();
    for (const key of ['a', 'b', 'c', 'd', 'e']) await ask(answers, key, key.repeat(100));
    expect(answers.size.entries).toBeLessThan(5);
    expect(answers.size.bytes).toBeLessThanOrEqual(400);
  });

  it('keep what `withoutBody` leaves of one too large for the budget, and nothing without it', async () => {
    const trimmed = store({
      maxEntries: 10,
      maxBytes: 400,
      withoutBody: (answer) => ({ ...answer, body: null }),
    });
    // A quarter of the budget at most, body and key counted: 99 + 2 do not fit in 100.
    const big = 'x'.repeat(99);
    const compute = jest.fn(() => Promise.resolve(validated(big)));
    await trimmed.byVersion('k', compute);
    const validatorsOnly = (answer: Validated) => answer.etag === '"99"';
    expect(await trimmed.byVersion('k', compute, validatorsOnly)).toMatchObject({
      etag: '"99"',
      body: null,
    });
    expect(compute).toHaveBeenCalledTimes(1);
    // Asked for the body, it is computed again.
    expect((await trimmed.byVersion('k', compute))?.body?.length).toBe(99);
    expect(compute).toHaveBeenCalledTimes(2);

    const plain = store({ maxEntries: 10, maxBytes: 400 });
    await plain.byVersion('k', compute);
    expect(plain.size.entries).toBe(0);
  });

  it('are computed once for all who miss together', async () => {
    const answers = store({ maxEntries: 10, maxBytes: 1_000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = jest.fn(async () => {
      await gate;
      return validated('shared');
    });
    const asked = [1, 2, 3].map(() => answers.byVersion('k', compute));
    release();
    const bodies = (await Promise.all(asked)).map((answer) => answer.body?.toString('utf8'));
    expect(bodies).toEqual(['shared', 'shared', 'shared']);
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('are never kept by subject while nothing is announced', async () => {
    const answers = store({ maxEntries: 10, maxBytes: 1_000 });
    const compute = jest.fn((keeping: boolean) =>
      Promise.resolve({
        ...validated('x'),
        keep: keeping ? { subjects: ['room:1'], expiresAt: Infinity } : null,
      }),
    );
    await answers.answer('k', compute);
    await answers.answer('k', compute);
    expect(compute.mock.calls).toEqual([[false], [false]]);
    expect(answers.size.entries).toBe(0);
  });
});
