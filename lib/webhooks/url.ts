import { AppError } from '@/lib/errors';
import { assertPublicHost, OutboundError } from '@/lib/net/outbound';

/**
 * Refuses, as a 422 naming the field, a webhook URL whose host does not resolve or resolves to a
 * private, loopback or link-local address (unless OUTBOUND_ALLOW_PRIVATE). Delivery checks the
 * address again when it connects, so a name re-pointed later (DNS rebinding) is still refused.
 */
export async function checkWebhookUrl(raw: string, path: string): Promise<string> {
  try {
    return (await assertPublicHost(raw)).toString();
  } catch (err) {
    if (err instanceof OutboundError) throw new AppError('unprocessable_entity', `${path}: ${err.message}`, [{ path, message: err.message }]);
    throw err;
  }
}
