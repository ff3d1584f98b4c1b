import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nextDelayMs } from '../../../server/webhooks/backoff';
import { signWebhook, verifyWebhook, webhookHeaders } from '../../../server/webhooks/signing';

describe('webhook backoff', () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 };

  it('doubles per failure within [half, full] of the exponential step, capped', () => {
    expect([1, 2, 3, 4].map((n) => nextDelayMs(n, policy, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect([1, 2, 3, 4].map((n) => nextDelayMs(n, policy, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(nextDelayMs(4, { ...policy, maxMs: 3000 }, () => 1)).toBe(3000);
  });

  it('gives up after the last attempt', () => {
    expect(nextDelayMs(5, policy)).toBeNull();
  });
});

describe('webhook signing', () => {
  const secret = 'a-shared-secret-of-some-length';
  const body = '{"id":"x","type":"license.returned"}';

  it('is HMAC-SHA256 over `${timestamp}.${rawBody}` in hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, 1_700_000_000, body)).toBe(expected);
    expect(webhookHeaders('d1', secret, 1_700_000_000, body)).toMatchObject({
      'shelf-delivery-id': 'd1',
      'shelf-timestamp': '1700000000',
      'shelf-signature': expected,
    });
  });

  it('verifies, and refuses a changed body, another secret, or a stale timestamp', () => {
    const t = 1_700_000_000;
    const headers = { signature: signWebhook(secret, t, body), timestamp: String(t) };
    expect(verifyWebhook(secret, headers, body, t + 10)).toBe(true);
    expect(verifyWebhook(secret, headers, body + ' ', t)).toBe(false);
    expect(verifyWebhook('another-secret-entirely', headers, body, t)).toBe(false);
    expect(verifyWebhook(secret, headers, body, t + 301)).toBe(false);
    expect(verifyWebhook(secret, { signature: 'zz', timestamp: String(t) }, body, t)).toBe(false);
    expect(verifyWebhook(secret, { signature: undefined, timestamp: undefined }, body, t)).toBe(
      false,
    );
  });
});
