import { errorCode, errorMessage } from '../errors.js';

/** Error fields stored with retried, dead-lettered and parked records. */
export interface ErrorInfo {
  code: string;
  message: string;
  details?: unknown;
}

// Kafka headers and MongoDB documents carry this text; longer messages are cut.
const MAX_MESSAGE_LENGTH = 2_000;

/** Returns the `code`, `message` and `details` of any thrown value. */
export function toErrorInfo(error: unknown): ErrorInfo {
  const info: ErrorInfo = {
    code: errorCode(error),
    message: errorMessage(error).slice(0, MAX_MESSAGE_LENGTH),
  };
  if (typeof error === 'object' && error !== null && 'details' in error) {
    const details = (error as { details?: unknown }).details;
    if (details !== undefined) {
      info.details = details;
    }
  }
  return info;
}
