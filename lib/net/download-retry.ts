import { downloadToFile, OutboundError, type DownloadOptions } from '@/lib/net/outbound';

/**
 * `downloadToFile` tried again while trying again can help: a provider's output is paid for and
 * usually still there when its host answers a 5xx or 429, resets the connection, stalls or breaks
 * off the transfer. Tries back off exponentially (with jitter, honouring Retry-After) and stop at
 * the caller's deadline. A refused address or URL (the SSRF guard), an oversized file, a redirect
 * loop and any other 4xx are final at once: asking again cannot change them.
 */

export interface RetryingDownloadOptions extends DownloadOptions {
  /**
   * No try starts, and none runs, past this moment (ms since the epoch, or a Date), e.g. the job's
   * own deadline. Each try is also cut at `timeoutMs`, whichever comes first.
   */
  deadline: number | Date;
  /** Tries in all, the first included (default 5). */
  tries?: number;
  /** The first wait between tries (default 1000 ms), doubled after each, plus up to 50 % jitter. */
  backoffMs?: number;
  /** The longest wait between tries (default 30 000 ms), also for a server's Retry-After. */
  maxBackoffMs?: number;
  /** Told of every failed try that will be tried again, e.g. to log it. */
  onRetry?: (failure: { attempt: number; tries: number; reason: string; waitMs: number }) => void;
}

/** The final failure: `message` says which try failed and why, e.g. "try 3 of 5: the server answered 503". */
export class DownloadError extends OutboundError {
  constructor(
    message: string,
    cause: OutboundError,
    /** Which try failed last (1-based), and how many were allowed. */
    readonly attempt: number,
    readonly tries: number,
    /** One line per failed try, in order. */
    readonly failures: string[],
  ) {
    super(message, cause.code, cause.status, cause.retryAfterMs);
    this.name = 'DownloadError';
  }
}

/** Errors of the local disk, not of the transfer: thrown as they are, never tried again. */
const LOCAL = new Set(['ENOSPC', 'EACCES', 'EPERM', 'ENOENT', 'EROFS', 'EISDIR', 'EMFILE', 'ENFILE', 'EDQUOT']);

/** Any failure of one try as an OutboundError; a socket's or stream's error is a network failure. */
function asOutbound(err: unknown): OutboundError {
  if (err instanceof OutboundError) return err;
  const e = err as { message?: string; code?: string };
  const what = e?.code === 'ECONNRESET' || e?.message === 'aborted' ? 'the connection broke off' : 'the transfer failed';
  return new OutboundError(`${what}: ${e?.message ?? String(err)}${e?.code && !String(e.message).includes(e.code) ? ` (${e.code})` : ''}`, 'network');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Streams `url` to `file` like `downloadToFile` (same SSRF guard, size cap and redirect rules),
 * trying again on 5xx, 429, 408, network errors, timeouts and truncated transfers until `tries`
 * or the deadline run out. Resolves with what `downloadToFile` returns plus the try that worked;
 * rejects with a DownloadError whose `retryable` says whether the last failure was one that may
 * pass (so a caller with time left, e.g. a later job attempt, may try again) or a final one.
 */
export async function downloadToFileWithRetry(
  url: string,
  file: string,
  options: RetryingDownloadOptions,
): Promise<{ bytes: number; contentType: string | null; finalUrl: string; attempt: number }> {
  const { deadline, tries = 5, backoffMs = 1000, maxBackoffMs = 30_000, onRetry, ...download } = options;
  const end = typeof deadline === 'number' ? deadline : deadline.getTime();
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const left = end - Date.now();
    let failure: OutboundError;
    if (left <= 0) {
      failure = new OutboundError('the deadline passed before the download could start', 'timeout');
    } else {
      try {
        const result = await downloadToFile(url, file, { ...download, timeoutMs: Math.min(download.timeoutMs, left) });
        return { ...result, attempt };
      } catch (err) {
        const code = (err as { code?: unknown })?.code;
        if (!(err instanceof OutboundError) && typeof code === 'string' && LOCAL.has(code)) throw err;
        failure = asOutbound(err);
      }
    }
    const line = `try ${attempt} of ${tries}: ${failure.message}`;
    failures.push(line);
    const final = (why = '') => new DownloadError(`${line}${why}`, failure, attempt, tries, failures);
    if (!failure.retryable || left <= 0) throw final();
    if (attempt >= tries) throw final();
    const backoff = backoffMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.5);
    const waitMs = Math.min(maxBackoffMs, Math.max(backoff, failure.retryAfterMs ?? 0));
    if (Date.now() + waitMs >= end) throw final('; no time was left for another try before the deadline');
    onRetry?.({ attempt, tries, reason: failure.message, waitMs });
    await sleep(waitMs);
  }
}
