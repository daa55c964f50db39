/**
 * The rules of a slot for other modules (availability's free intervals, the free-room search
 * through `FreeWindowCheck`): pure functions over plain data, one definition for every path.
 */
export { blockedIntervals, holdingBlock } from './booking-rules';
export type { HoldingSlot } from './booking-rules';
