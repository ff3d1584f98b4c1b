import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger';
import type { SmtpCatcher } from '../fixtures/mailbox';
import { nextMail, startSmtpCatcher, tokenOf } from '../fixtures/mailbox';
import type { TestServer } from '../fixtures/server-harness';
import { call, http, ok, startTestServer } from '../fixtures/server-harness';

/**
 * The SMTP server is down when someone registers: the answer is the same 202 (the mail leaves
 * after it), the failure is logged without the link and counted in /metrics, and nothing is
 * lost: the person asks for the link again once mail works, and confirms with it.
 */
describe('an SMTP outage', () => {
  const lines: string[] = [];
  let smtp: SmtpCatcher;
  let ts: TestServer;

  beforeAll(async () => {
    // Down (it refuses every session) until the test brings it back below.
    smtp = await startSmtpCatcher({ down: true });
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    ts = await startTestServer('sqlite', {
      logger,
      mail: {
        kind: 'smtp',
        url: smtp.url,
        from: 'Shelfkeeper <shelf@example.test>',
      },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await smtp?.close();
  });

  const mailMetric = async (result: string) => {
    const text = (await http(ts.url, 'GET', '/metrics')).text;
    return Number(
      new RegExp(`shelf_account_mails_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1],
    );
  };

  it('answers the registration the same, logs and counts the failure, and recovers with a resend', async () => {
    const email = `outage-${randomUUID()}@example.test`;
    const answer = await call(ts.url, 'register', {
      body: { email, password: 'outage password', name: 'O' },
    });
    expect(answer.status).toBe(202);
    await expect.poll(() => mailMetric('failed'), { timeout: 10_000 }).toBe(1);
    const failure = lines
      .map((l) => JSON.parse(l) as { msg?: string })
      .find((l) => l.msg === 'account mail not sent');
    expect(failure).toBeDefined();
    expect(lines.join('\n')).not.toMatch(/token=|outage password|catcher-password/);

    smtp.up();
    await ok(ts.url, 'resendConfirmation', { body: { email } });
    const mail = await nextMail(smtp, email);
    await ok(ts.url, 'confirmEmail', { body: { token: tokenOf(mail.link) } });
    // Counted once the catcher's acceptance reached the server, which may come after the
    // catcher holds the mail (it keeps it before it answers).
    await expect.poll(() => mailMetric('sent'), { timeout: 10_000 }).toBe(1);
    const session = await call(ts.url, 'login', {
      body: { email, password: 'outage password', deviceId: randomUUID(), deviceName: 'd' },
    });
    expect(session.status).toBe(200);
  });
});
