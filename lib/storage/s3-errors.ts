import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from '@/lib/storage/errors';

export interface S3Target {
  bucket: string;
  endpoint?: string;
  accessKeyId?: string;
}

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Whether the error came from talking to S3 (its answer or the network), not from the caller's own stream. */
export function isS3Failure(err: unknown): boolean {
  if (err instanceof S3ServiceException) return true;
  const e = err as { name?: string; code?: string } | null;
  return Boolean(e && (NETWORK.has(e.code ?? '') || e.name === 'TimeoutError' || e.name === 'RequestTimeout'));
}

/** The HTTP status S3 answered with, when it answered. */
export const s3Status = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

/**
 * The cause of an S3 failure in an operator's words. HEAD answers carry no error code, so a 404 or
 * 403 to HeadBucket is read by its status; other calls name the code S3 sent.
 */
export function describeS3Failure(err: unknown, target: S3Target): StorageError {
  const where = target.endpoint ?? 'AWS S3';
  const status = s3Status(err);
  const name = (err as { name?: string })?.name ?? '';
  const code = (err as { code?: string })?.code ?? '';
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) {
    return new StorageError(`the bucket "${target.bucket}" does not exist at ${where} (S3_BUCKET)`, true);
  }
  if (name === 'InvalidAccessKeyId') return new StorageError(`${where} does not know the access key "${target.accessKeyId ?? '(from the AWS credential chain)'}" (S3_ACCESS_KEY_ID)`, true);
  if (name === 'SignatureDoesNotMatch') return new StorageError(`${where} refused the request signature: S3_SECRET_ACCESS_KEY is wrong for access key "${target.accessKeyId ?? '?'}"`, true);
  if (name === 'AccessDenied' || status === 403) {
    return new StorageError(`${where} denied access to the bucket "${target.bucket}" for access key "${target.accessKeyId ?? '?'}" (check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and the bucket's policy)`, true);
  }
  if (NETWORK.has(code) || name === 'TimeoutError' || name === 'RequestTimeout') return new StorageError(`${where} cannot be reached (${code || name}; check S3_ENDPOINT)`);
  if (name === 'CredentialsProviderError') return new StorageError('no S3 credentials: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or give the machine an AWS role', true);
  const message = err instanceof Error ? err.message : String(err);
  return new StorageError(`S3 at ${where} failed: ${name || 'error'}${status ? ` (HTTP ${status})` : ''}${message && message !== name ? `: ${message.slice(0, 200)}` : ''}`);
}
