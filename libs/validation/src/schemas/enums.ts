/**
 * Category values of the sample company's sources, as the source contract
 * defines them (kept literal here: the validator must not depend on the
 * generator; a test checks both agree).
 */
export const COMPANY_ENUMS = {
  gender: ['Female', 'Male'],
  region: ['north', 'south', 'east', 'west', 'central'],
  plan: ['basic', 'standard', 'premium'],
  contract: ['Month-to-month', 'One year', 'Two year'],
  payment_method: ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'],
  yes_no: ['Yes', 'No'],
  internet_service: ['DSL', 'Fiber optic', 'No'],
  invoice_status: ['paid', 'late', 'failed'],
  currency: ['EUR'],
  ticket_category: ['billing', 'technical', 'account', 'cancellation', 'other'],
  ticket_priority: ['low', 'normal', 'high'],
  ticket_status: ['open', 'resolved', 'closed'],
  cancellation_reason: ['price', 'service', 'competitor', 'moved', 'other'],
  cancellation_channel: ['phone', 'web', 'store'],
} as const;
