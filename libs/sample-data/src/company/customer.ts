import type { Random } from '../random';
import { CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PRICES } from './catalog';
import { type Calendar, type EpochDay, monthOf } from './calendar';
import { STREAMS, streamRandom } from './prng';

/**
 * The latent truth about one customer. Every record of every source is
 * derived from it, which keeps the sources consistent with each other.
 */
export interface CustomerProfile {
  index: number;
  customerId: string;
  signupDay: EpochDay;
  /** Whole months from signup to the as-of date. */
  tenureMonths: number;
  gender: string;
  birthYear: number;
  region: string;
  city: string;
  plan: 'basic' | 'standard' | 'premium';
  contract: string;
  paymentMethod: string;
  paperless: boolean;
  internet: 'DSL' | 'Fiber optic' | 'No';
  phone: boolean;
  streaming: boolean;
  techSupport: boolean;
  email: string;
  /** Monthly fee before any rise in the window. */
  feeStart: number;
  /** Window month (0..11) from which the raised fee applies; -1 without a rise. */
  riseMonth: number;
  riseRate: number;
  /** Latent drivers, standard normal: money trouble, unhappiness with service, drifting away, overall activity. */
  paymentStress: number;
  dissatisfaction: number;
  disengagement: number;
  engagement: number;
  /** Probability of cancelling within the window given everything above. */
  churnProbability: number;
  /** Day of cancellation within the window, null when the customer stays. */
  cancelDay: EpochDay | null;
  /** First and last invoiced window months (-1/-1: none, impossible with signup before as-of). */
  firstMonth: number;
  lastMonth: number;
  /** Last change of the CRM record (day + seconds into it). */
  updatedDay: EpochDay;
  updatedSeconds: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Churn base log-odds, tuned so that ~25% of customers cancel within the window. */
const CHURN_INTERCEPT = -0.25;

/** The monthly fee invoiced in window month m. */
export function feeAt(profile: CustomerProfile, m: number): number {
  const raised = profile.riseMonth >= 0 && m >= profile.riseMonth;
  return round2(profile.feeStart * (raised ? 1 + profile.riseRate : 1));
}

/** Customer j of the company with the given seed hash: a pure function. */
export function createProfile(seedHash: number, calendar: Calendar, j: number): CustomerProfile {
  const rng = streamRandom(seedHash, j, STREAMS.customer);
  const { asOfDay, windowStart, monthStarts } = calendar;

  // Bimodal tenure as in real telco books: many recent customers and a loyal core.
  const tenureMonths = rng.bernoulli(0.45) ? Math.min(72, Math.floor(-Math.log(1 - rng.uniform()) * 10)) : rng.int(6, 72);
  const signupDay = Math.min(asOfDay - 1, asOfDay - Math.round(tenureMonths * 30.44) - rng.int(0, 27));
  const gender = rng.bernoulli(0.5) ? 'Female' : 'Male';
  const birthYear = rng.int(1940, 2006);
  const region = rng.pick<string>([['north', 0.2], ['south', 0.25], ['east', 0.18], ['west', 0.22], ['central', 0.15]]);
  const cities = CITIES[region]!;
  const city = cities[rng.int(0, cities.length - 1)]!;
  const contract = rng.pick<string>([
    ['Month-to-month', Math.max(0.2, 0.75 - tenureMonths / 90)],
    ['One year', 0.22 + tenureMonths / 400],
    ['Two year', 0.06 + tenureMonths / 130],
  ]);
  const paymentMethod = rng.pick<string>([
    ['Electronic check', 0.33],
    ['Mailed check', 0.2],
    ['Bank transfer (automatic)', 0.24],
    ['Credit card (automatic)', 0.23],
  ]);
  const internet = rng.pick<CustomerProfile['internet']>([['DSL', 0.36], ['Fiber optic', 0.44], ['No', 0.2]]);
  const hasInternet = internet !== 'No';
  const phone = internet === 'No' ? true : rng.bernoulli(0.85);
  const plan = rng.pick<CustomerProfile['plan']>([['basic', 0.4], ['standard', 0.38], ['premium', 0.22]]);
  const streaming = hasInternet && rng.bernoulli(plan === 'premium' ? 0.75 : 0.35);
  const techSupport = hasInternet && rng.bernoulli(plan === 'basic' ? 0.25 : 0.45);
  const paperless = rng.bernoulli(hasInternet ? 0.65 : 0.35);
  const first = FIRST_NAMES[rng.int(0, FIRST_NAMES.length - 1)]!;
  const last = LAST_NAMES[rng.int(0, LAST_NAMES.length - 1)]!;
  const email = `${first}.${last}${j + 1}@${EMAIL_DOMAINS[rng.int(0, EMAIL_DOMAINS.length - 1)]!}`;

  const base =
    PRICES.plan[plan] + PRICES.internet[internet] + (phone ? PRICES.phone : 0) + (streaming ? PRICES.streaming : 0) + (techSupport ? PRICES.techSupport : 0);
  const feeStart = round2(Math.max(9.99, base * (1 + rng.normal(0, 0.05))));
  // A price rise some time in the window, only for customers older than a quarter by then.
  let riseMonth = -1;
  let riseRate = 0;
  const candidate = rng.int(1, 11);
  if (rng.bernoulli(0.3) && signupDay <= monthStarts[candidate]! - 90) {
    riseMonth = candidate;
    riseRate = rng.uniform(0.05, 0.25);
  }

  const paymentStress = rng.normal();
  const dissatisfaction = rng.normal();
  const disengagement = rng.normal();
  const engagement = rng.normal();
  const logit =
    CHURN_INTERCEPT +
    (contract === 'Month-to-month' ? 1.1 : contract === 'One year' ? -0.2 : -1.1) +
    (paymentMethod === 'Electronic check' ? 0.45 : 0) +
    (internet === 'Fiber optic' ? 0.3 : internet === 'No' ? -0.4 : 0) +
    (hasInternet && !techSupport ? 0.25 : 0) +
    -0.6 * Math.log1p(tenureMonths) +
    5 * riseRate +
    0.75 * paymentStress +
    0.75 * dissatisfaction +
    0.6 * disengagement +
    rng.normal(0, 0.5);
  // Exposure: a customer who joined last month had little time to leave.
  const earliest = Math.max(windowStart, signupDay + 14);
  const exposure = asOfDay - earliest;
  const churnProbability = exposure <= 0 ? 0 : 1 - Math.pow(1 - sigmoid(logit), Math.sqrt(Math.min(1, exposure / 365)));
  let cancelDay: EpochDay | null = null;
  if (rng.bernoulli(churnProbability)) {
    let from = earliest;
    // Most who had a rise leave after being billed the new price.
    if (riseMonth >= 0 && rng.bernoulli(0.75) && monthStarts[riseMonth]! + 7 <= asOfDay) from = Math.max(from, monthStarts[riseMonth]! + 7);
    cancelDay = rng.int(from, asOfDay);
  }

  const firstMonth = Math.max(0, monthOf(calendar, signupDay));
  const lastMonth = cancelDay === null ? 11 : monthOf(calendar, cancelDay);
  const riseDay = riseMonth >= 0 && riseMonth <= lastMonth ? monthStarts[riseMonth]! - 20 : -Infinity;
  const updatedDay = Math.max(signupDay, riseDay, cancelDay ?? -Infinity);
  return {
    index: j,
    customerId: customerId(j),
    signupDay,
    tenureMonths,
    gender,
    birthYear,
    region,
    city,
    plan,
    contract,
    paymentMethod,
    paperless,
    internet,
    phone,
    streaming,
    techSupport,
    email,
    feeStart,
    riseMonth,
    riseRate,
    paymentStress,
    dissatisfaction,
    disengagement,
    engagement,
    churnProbability,
    cancelDay,
    firstMonth,
    lastMonth,
    updatedDay,
    updatedSeconds: randomSeconds(rng),
  };
}

/** `C0000001` for j = 0. */
export function customerId(j: number): string {
  return `C${String(j + 1).padStart(7, '0')}`;
}

/** A time of day in office hours (08:00-19:59), in seconds. */
export function randomSeconds(rng: Random): number {
  return rng.int(8 * 3600, 20 * 3600 - 1);
}
