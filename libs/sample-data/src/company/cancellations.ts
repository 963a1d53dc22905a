import { type Calendar, formatDay, formatTimestamp } from './calendar';
import { type CustomerProfile, randomSeconds } from './customer';
import { STREAMS, streamRandom } from './prng';
import type { Cancellation } from './types';

/** The clean cancellation record of a customer, undefined when the customer stays. */
export function cancellationOf(seedHash: number, _calendar: Calendar, profile: CustomerProfile): Cancellation | undefined {
  if (profile.cancelDay === null) return undefined;
  const rng = streamRandom(seedHash, profile.index, STREAMS.cancellation);
  // The stated reason follows the strongest driver, with plenty of noise as in real exit surveys.
  const reason = rng.pick<string>([
    ['price', 0.15 + 3 * profile.riseRate + (profile.paymentStress > 0.8 ? 0.2 : 0)],
    ['service', 0.15 + (profile.dissatisfaction > 0.5 ? 0.35 : 0)],
    ['competitor', 0.3],
    ['moved', 0.12],
    ['other', 0.1],
  ]);
  const channel = rng.pick<string>([['phone', 0.45], ['web', 0.4], ['store', 0.15]]);
  return {
    customer_id: profile.customerId,
    cancelled_at: formatDay(profile.cancelDay),
    reason,
    channel,
    updated_at: formatTimestamp(profile.cancelDay, randomSeconds(rng)),
  };
}
