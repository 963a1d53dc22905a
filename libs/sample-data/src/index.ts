export { generateCustomersCsv, CUSTOMER_COLUMNS, AS_OF_DATE, MISSING_RATES } from './customers';
export type { CustomerColumn, GenerateCustomersOptions } from './customers';
export { encodeCustomersCsv } from './reference-encoding';
export type { EncodedCustomers } from './reference-encoding';
