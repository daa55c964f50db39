/**
 * The one queue rule of the forum, as a pure function: who of those waiting gets the free
 * places. Registering, cancelling, raising the capacity or the per-organisation cap all ask it.
 *
 * - The queue is taken in order of arrival; each request gets its places whole or not at all.
 * - A request that does not fit (a group of 3 when 2 are free, or over its organisation's
 *   cap) is passed over, so it does not block a smaller request behind it.
 * - A request that fits is always served before any later one: a later, smaller group never
 *   jumps a fitting earlier one, because the scan stops for nobody and serves in order.
 * - Nothing is promoted once the session has started.
 */
export interface WaitingRequest {
  id: string;
  places: number;
  organizationId: string | null;
}

export interface QueueState {
  capacity: number;
  placesTaken: number;
  /** Null: no cap per organisation. */
  maxPlacesPerOrganization: number | null;
  /** Confirmed places per organisation. */
  takenByOrganization: ReadonlyMap<string, number>;
  startsAt: Date;
}

/** The ids of the waiting requests (in arrival order) that get places now, in that order. */
export function promotions(
  state: QueueState,
  queue: readonly WaitingRequest[],
  now: Date,
): string[] {
  if (now.getTime() >= state.startsAt.getTime()) return [];
  let free = state.capacity - state.placesTaken;
  const taken = new Map(state.takenByOrganization);
  const promoted: string[] = [];
  for (const request of queue) {
    if (free <= 0) break;
    if (request.places > free) continue;
    const cap = state.maxPlacesPerOrganization;
    const organizationTaken = request.organizationId ? (taken.get(request.organizationId) ?? 0) : 0;
    if (cap !== null && request.organizationId && organizationTaken + request.places > cap)
      continue;
    promoted.push(request.id);
    free -= request.places;
    if (request.organizationId)
      taken.set(request.organizationId, organizationTaken + request.places);
  }
  return promoted;
}
