/** Header of crm_customers.csv, in order. */
export const CRM_COLUMNS = [
  'customer_id', 'signup_date', 'gender', 'birth_year', 'region', 'city', 'plan', 'contract', 'payment_method',
  'paperless_billing', 'internet_service', 'phone_service', 'streaming', 'tech_support', 'monthly_fee', 'email', 'updated_at',
] as const;

/** A column of crm_customers.csv. */
export type CrmColumn = (typeof CRM_COLUMNS)[number];

/** Header of product_usage.csv / columns of product_usage_daily, in order. */
export const USAGE_COLUMNS = ['customer_id', 'day', 'sessions', 'minutes', 'data_mb', 'features_used', 'updated_at'] as const;

/** Valid category values per field, as the contract defines them. */
export const DOMAINS = {
  gender: ['Female', 'Male'],
  region: ['north', 'south', 'east', 'west', 'central'],
  plan: ['basic', 'standard', 'premium'],
  contract: ['Month-to-month', 'One year', 'Two year'],
  payment_method: ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'],
  yes_no: ['Yes', 'No'],
  internet_service: ['DSL', 'Fiber optic', 'No'],
  invoice_status: ['paid', 'late', 'failed'],
  ticket_category: ['billing', 'technical', 'account', 'cancellation', 'other'],
  ticket_priority: ['low', 'normal', 'high'],
  ticket_status: ['open', 'resolved', 'closed'],
  cancellation_reason: ['price', 'service', 'competitor', 'moved', 'other'],
  cancellation_channel: ['phone', 'web', 'store'],
} as const;

/** Cities per region. */
export const CITIES: Record<string, readonly string[]> = {
  north: ['Hamburg', 'Bremen', 'Kiel', 'Hannover', 'Rostock'],
  south: ['Munich', 'Stuttgart', 'Nuremberg', 'Augsburg', 'Freiburg'],
  east: ['Berlin', 'Leipzig', 'Dresden', 'Potsdam', 'Erfurt'],
  west: ['Cologne', 'Dusseldorf', 'Dortmund', 'Essen', 'Aachen'],
  central: ['Frankfurt', 'Kassel', 'Wiesbaden', 'Mainz', 'Giessen'],
};

export const FIRST_NAMES = [
  'anna', 'ben', 'clara', 'david', 'emma', 'felix', 'greta', 'hannah', 'jonas', 'lea', 'lukas', 'mia', 'noah', 'paul',
  'sara', 'tim', 'lena', 'max', 'nina', 'omar', 'julia', 'elias', 'sofia', 'karl',
] as const;
export const LAST_NAMES = [
  'mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'schulz', 'hoffmann', 'koch',
  'richter', 'klein', 'wolf', 'neumann', 'schwarz', 'braun', 'zimmermann', 'hartmann', 'krueger',
] as const;
export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example'] as const;

/** Base monthly fee of each plan and add-on, EUR. */
export const PRICES = {
  plan: { basic: 15, standard: 25, premium: 40 },
  internet: { DSL: 12, 'Fiber optic': 28, No: 0 },
  phone: 6,
  streaming: 11,
  techSupport: 7,
} as const;

/** Ticket slots per customer (the last one only ever holds an injected duplicate). */
export const TICKET_SLOTS = 9;
/** Invoice slots per customer: 12 months + a duplicate slot. */
export const INVOICE_SLOTS = 13;
/** Cancellation slots per customer: the record + a duplicate slot. */
export const CANCELLATION_SLOTS = 2;
