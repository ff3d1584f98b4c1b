import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../../shared/api/webhooks';

/** HMAC-SHA256(secret, `${timestamp}.${rawBody}`), lowercase hex. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/**
 * What a receiver does: recompute and compare in constant time, and refuse stale timestamps
 * (a replayed delivery) — `toleranceSeconds` either side of `nowSeconds`.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(headers.signature ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function webhookHeaders(
  deliveryId: string,
  secret: string,
  timestamp: number,
  rawBody: string,
) {
  return {
    'content-type': 'application/json',
    [WEBHOOK_ID_HEADER]: deliveryId,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, timestamp, rawBody),
  };
}
