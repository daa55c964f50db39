import { promotions, QueueState, WaitingRequest } from './waitlist';

const NOW = new Date('2027-03-01T10:00:00Z');
const state = (overrides: Partial<QueueState> = {}): QueueState => ({
  capacity: 20,
  placesTaken: 20,
  maxPlacesPerOrganization: null,
  takenByOrganization: new Map(),
  startsAt: new Date('2027-03-02T18:00:00Z'),
  ...overrides,
});
const waiting = (
  id: string,
  places: number,
  organizationId: string | null = null,
): WaitingRequest => ({
  id,
  places,
  organizationId,
});

describe('the waitlist rule', () => {
  it('gives a freed place to the first who waits', () => {
    expect(promotions(state({ placesTaken: 19 }), [waiting('a', 1), waiting('b', 1)], NOW)).toEqual(
      ['a'],
    );
  });

  it('does not let a group of 3 block a single behind it', () => {
    expect(
      promotions(state({ placesTaken: 19 }), [waiting('group', 3), waiting('single', 1)], NOW),
    ).toEqual(['single']);
  });

  it('never lets a later, smaller group jump a fitting earlier one', () => {
    expect(
      promotions(state({ placesTaken: 17 }), [waiting('three', 3), waiting('one', 1)], NOW),
    ).toEqual(['three']);
    expect(
      promotions(
        state({ placesTaken: 16 }),
        [waiting('two', 2), waiting('three', 3), waiting('one', 1), waiting('one-more', 1)],
        NOW,
      ),
    ).toEqual(['two', 'one', 'one-more']);
  });

  it('fills the places exactly and no further', () => {
    const queue = Array.from({ length: 30 }, (_, i) => waiting(`r${i}`, 1));
    expect(promotions(state({ placesTaken: 0 }), queue, NOW)).toEqual(
      queue.slice(0, 20).map((r) => r.id),
    );
  });

  it('keeps an organisation within its cap and serves the next one instead', () => {
    const result = promotions(
      state({
        placesTaken: 15,
        maxPlacesPerOrganization: 4,
        takenByOrganization: new Map([['org-a', 3]]),
      }),
      [waiting('a-two', 2, 'org-a'), waiting('a-one', 1, 'org-a'), waiting('b-two', 2, 'org-b')],
      NOW,
    );
    expect(result).toEqual(['a-one', 'b-two']);
  });

  it('promotes nobody once the session has started', () => {
    const started = state({ placesTaken: 0, startsAt: new Date(NOW.getTime() - 1) });
    expect(promotions(started, [waiting('a', 1)], NOW)).toEqual([]);
    expect(promotions(state({ placesTaken: 0, startsAt: NOW }), [waiting('a', 1)], NOW)).toEqual(
      [],
    );
  });

  it('promotes nobody when no place is free', () => {
    expect(promotions(state(), [waiting('a', 1)], NOW)).toEqual([]);
  });
});
