export { PlatformError, isRetriable, describeError } from './errors';
export { sha256Hex } from './hashing';
