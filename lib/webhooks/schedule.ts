/**
 * What one delivery attempt's outcome means for its message: done, given up, or tried again after
 * a delay. Pure, so the rules are tested without a network.
 */

export type AttemptOutcome =
  | { kind: 'answered'; status: number; retryAfterMs?: number; location?: string | null }
  | { kind: 'timeout' | 'network'; message: string }
  | { kind: 'refused'; message: string };

export type Decision =
  | { kind: 'succeeded' }
  /** `disable`: the receiver answered 410 Gone, so its endpoint stops receiving. */
  | { kind: 'failed'; reason: string; disable?: boolean }
  | { kind: 'retry'; delaySeconds: number; reason: string };

/** Why an attempt did not succeed, for the delivery log. */
function reasonOf(outcome: AttemptOutcome): string {
  if (outcome.kind !== 'answered') return outcome.message;
  if (outcome.status >= 300 && outcome.status < 400) {
    return `answered ${outcome.status}${outcome.location ? ` (to ${outcome.location.slice(0, 300)})` : ''}; redirects are not followed, update the URL`;
  }
  return `answered ${outcome.status}`;
}

const retryable = (outcome: AttemptOutcome): boolean =>
  outcome.kind === 'timeout' || outcome.kind === 'network' || (outcome.kind === 'answered' && (outcome.status >= 500 || outcome.status === 429 || outcome.status === 408));

/**
 * `attempts` counts this one. A message gets the first attempt and one retry per schedule entry;
 * a Retry-After on 429 or 503 is waited out when it asks for longer than the schedule, up to the
 * schedule's longest delay (a receiver cannot park a message for days).
 */
export function decide(outcome: AttemptOutcome, attempts: number, schedule: readonly number[]): Decision {
  if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) return { kind: 'succeeded' };
  const reason = reasonOf(outcome);
  if (outcome.kind === 'answered' && outcome.status === 410) return { kind: 'failed', reason, disable: true };
  if (!retryable(outcome)) return { kind: 'failed', reason };
  const next = schedule[attempts - 1];
  if (next === undefined) return { kind: 'failed', reason: `${reason}; gave up after ${attempts} attempts` };
  let delaySeconds = next;
  if (outcome.kind === 'answered' && (outcome.status === 429 || outcome.status === 503) && outcome.retryAfterMs !== undefined) {
    delaySeconds = Math.max(next, Math.min(Math.ceil(outcome.retryAfterMs / 1000), Math.max(...schedule)));
  }
  return { kind: 'retry', delaySeconds, reason };
}
