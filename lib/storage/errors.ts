import { AppError } from '@/lib/errors';

/**
 * The storage backend could not do what was asked (bucket missing, credentials refused, server
 * unreachable). The message names the cause in a creator's words, never a secret, so a job that
 * fails on it records a reason worth reading; routes answer it as a 503.
 */
export class StorageError extends AppError {
  constructor(
    message: string,
    /** Configuration that will not fix itself (wrong key, missing bucket), as opposed to an outage. */
    readonly misconfigured = false,
  ) {
    super('service_unavailable', message);
    this.name = 'StorageError';
  }
}
