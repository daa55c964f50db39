import { FieldError } from '../common/errors/domain-error';
import { PriceKind } from './room.entity';
import { RoomPolicy } from './rooms.contract';

export interface Price {
  kind: PriceKind;
  amountCents: number | null;
  currency: string | null;
}

export interface PriceChange {
  kind?: PriceKind;
  amountCents?: number | null;
  currency?: string | null;
}

export const DEFAULT_CURRENCY = 'EUR';

/**
 * Applies a price change field by field. Switching to "free" without naming an amount drops
 * the old amount, as a free room can have none; an amount without currency is in euros.
 */
export function mergePrice(
  current: Price,
  change: PriceChange,
): { price: Price; errors: FieldError[] } {
  const kind = change.kind ?? current.kind;
  const dropsAmount =
    change.kind === 'free' && change.amountCents === undefined && change.currency === undefined;
  const amountCents = dropsAmount ? null : sentOr(change.amountCents, current.amountCents);
  let currency = dropsAmount ? null : sentOr(change.currency, current.currency);
  if (amountCents === null) currency = null;
  else currency ??= DEFAULT_CURRENCY;

  const price = { kind, amountCents, currency: currency?.toUpperCase() ?? null };
  if (kind === 'hourly' && amountCents === null) {
    return { price, errors: [amountError('validation.isDefined')] };
  }
  if (kind === 'free' && amountCents !== null) {
    return { price, errors: [amountError('validation.freeRoomHasNoPrice')] };
  }
  return { price, errors: [] };
}

const amountError = (messageKey: string): FieldError => ({
  field: 'price.amountCents',
  messageKey,
  params: {},
});

/** A field that was sent, null included, wins over the stored value. */
const sentOr = <T>(sent: T | undefined, stored: T): T => (sent === undefined ? stored : sent);

/** The minimum duration may not exceed the maximum; the field that was sent is named. */
export function policyErrors(policy: RoomPolicy, sent: Partial<RoomPolicy>): FieldError[] {
  if (policy.minDurationMinutes <= policy.maxDurationMinutes) return [];
  return sent.maxDurationMinutes !== undefined
    ? [
        {
          field: 'policy.maxDurationMinutes',
          messageKey: 'validation.notBelowMinDuration',
          params: { min: policy.minDurationMinutes },
        },
      ]
    : [
        {
          field: 'policy.minDurationMinutes',
          messageKey: 'validation.notAboveMaxDuration',
          params: { max: policy.maxDurationMinutes },
        },
      ];
}
