import { type Calendar, USAGE_WINDOW_DAYS } from './calendar';
import type { CustomerProfile } from './customer';
import { STREAMS, streamRandom } from './prng';
import type { UsageRow } from './types';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Clean daily usage of a customer over the usage window: a row only
 * on active days, none before signup or from the cancellation day on.
 * Disengaged customers drift down over the window; those about to cancel
 * fade out over their last weeks.
 */
export function usageOf(seedHash: number, calendar: Calendar, profile: CustomerProfile): UsageRow[] {
  const rng = streamRandom(seedHash, profile.index, STREAMS.usage);
  const rows: UsageRow[] = [];
  const pActive = sigmoid(0.3 + 0.8 * profile.engagement + (profile.internet === 'No' ? -1.2 : 0));
  const sessionRate = 1.2 * Math.exp(0.3 * profile.engagement);
  const mbPerMinute = profile.internet === 'Fiber optic' ? 9 : profile.internet === 'DSL' ? 5 : 0.5;
  const drift = -0.35 * Math.max(0, profile.disengagement);
  const fadeDays = rng.int(14, 56);
  const end = profile.cancelDay ?? calendar.asOfDay + 1;
  for (let i = 0; i < USAGE_WINDOW_DAYS; i += 1) {
    const day = calendar.usageStart + i;
    if (day < profile.signupDay || day >= end) continue;
    let level = Math.exp(drift * (i / USAGE_WINDOW_DAYS));
    if (profile.cancelDay !== null && day >= profile.cancelDay - fadeDays) {
      level *= 1 - 0.85 * ((day - (profile.cancelDay - fadeDays)) / fadeDays);
    }
    if (!rng.bernoulli(pActive * level)) continue;
    const sessions = 1 + rng.poisson(sessionRate * level);
    const minutes = round1(sessions * 9 * Math.exp(rng.normal(0, 0.5)));
    rows.push({
      customer_id: profile.customerId,
      day: calendar.usageDays[i]!,
      sessions,
      minutes,
      data_mb: round1(minutes * mbPerMinute * Math.exp(rng.normal(0, 0.4))),
      features_used: 1 + rng.poisson(1.5 * level),
      updated_at: `${calendar.usageDays[i]!}T23:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}Z`,
    });
  }
  return rows;
}
