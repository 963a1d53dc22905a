import { TICKET_SLOTS } from './catalog';
import { type Calendar, formatTimestamp } from './calendar';
import type { CustomerProfile } from './customer';
import { STREAMS, streamRandom } from './prng';
import type { SupportTicket } from './types';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** Tickets per customer at most; the slot after the last ticket is kept free for an injected duplicate. */
export const MAX_TICKETS = TICKET_SLOTS - 1;

interface Opened {
  second: number;
  beforeLeaving: boolean;
}

/**
 * All clean tickets of a customer, oldest first. Unhappy customers open more
 * tickets, leave more of them unresolved and rate lower; many who cancel call
 * support in the weeks before.
 */
export function ticketsOf(seedHash: number, calendar: Calendar, profile: CustomerProfile): SupportTicket[] {
  const rng = streamRandom(seedHash, profile.index, STREAMS.tickets);
  const start = Math.max(calendar.windowStart, profile.signupDay);
  const end = profile.cancelDay ?? calendar.asOfDay;
  const months = Math.max(0, end - start) / 30.44;
  const ratePerMonth =
    0.05 * (profile.internet === 'Fiber optic' ? 1.5 : 1) * (profile.internet !== 'No' && !profile.techSupport ? 1.5 : 1) * Math.exp(0.7 * profile.dissatisfaction);
  const opened: Opened[] = [];
  const n = rng.poisson(ratePerMonth * months);
  for (let i = 0; i < n; i += 1) opened.push({ second: (start + rng.uniform() * (end - start)) * 86_400, beforeLeaving: false });
  if (profile.cancelDay !== null && rng.bernoulli(0.55)) {
    const extra = rng.int(1, 2);
    const from = Math.max(start, profile.cancelDay - 45);
    for (let i = 0; i < extra; i += 1) opened.push({ second: (from + rng.uniform() * (profile.cancelDay - from)) * 86_400, beforeLeaving: true });
  }
  opened.sort((a, b) => a.second - b.second);
  const kept = opened.slice(-MAX_TICKETS);
  const asOfEnd = (calendar.asOfDay + 1) * 86_400 - 1;
  return kept.map((t, k) => {
    const category = t.beforeLeaving
      ? rng.pick<string>([['cancellation', 0.5], ['billing', 0.3], ['technical', 0.2]])
      : rng.pick<string>([['technical', 0.45], ['billing', 0.25], ['account', 0.15], ['other', 0.15]]);
    const priority = rng.pick<string>([['low', 0.3], ['normal', 0.5], ['high', 0.2]]);
    const unresolved = rng.bernoulli(sigmoid(-2.3 + 0.9 * profile.dissatisfaction + (t.beforeLeaving ? 0.8 : 0)));
    const hours = -Math.log(1 - rng.uniform()) * (priority === 'high' ? 12 : priority === 'normal' ? 30 : 60);
    const closedSecond = t.second + 600 + hours * 3600;
    const open = unresolved || closedSecond > asOfEnd;
    let satisfaction: number | null = null;
    if (!open && rng.bernoulli(0.7)) {
      const mean = 4.2 - 0.8 * profile.dissatisfaction - (t.beforeLeaving ? 1 : 0);
      satisfaction = Math.min(5, Math.max(1, Math.round(mean + rng.normal(0, 0.8))));
    }
    const stamp = (second: number): string => formatTimestamp(Math.floor(second / 86_400), second % 86_400);
    const openedSecond = Math.floor(t.second);
    return {
      ticket_id: `TCK-${profile.customerId.slice(1)}-${String(k + 1).padStart(2, '0')}`,
      customer_id: profile.customerId,
      opened_at: stamp(openedSecond),
      closed_at: open ? null : stamp(Math.floor(closedSecond)),
      category,
      priority,
      status: open ? 'open' : rng.bernoulli(0.75) ? 'resolved' : 'closed',
      satisfaction,
      updated_at: open ? stamp(Math.min(asOfEnd, openedSecond + rng.int(60, 3600))) : stamp(Math.floor(closedSecond)),
    };
  });
}
