import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { licenseServerPerFile, openTestCore } from '../../fixtures/core-integration';
import { folderMailbox, nextMail } from '../../fixtures/mailbox';

const suite = licenseServerPerFile();

/** Opens a mailed link's page and presses its button, as a person in a browser does. */
async function pressLinkButton(link: string | null, fields: Record<string, string> = {}) {
  const url = new URL(link ?? '');
  const response = await fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: url.searchParams.get('token') ?? '', ...fields }).toString(),
  });
  expect(response.status).toBe(200);
}

describe('an account made from the app', () => {
  it('signs up, is refused until the mailed link is opened, then signs in', async () => {
    const test = await openTestCore(suite.server.url);
    suite.cores.push(test);
    const mailbox = folderMailbox(suite.server.dataDir);
    const email = `app-${randomUUID()}@example.test`;
    const handlers = test.core.handlers;

    expect(
      await handlers['account.register']({ email, password: 'app password', name: 'App' }),
    ).toEqual({ email });
    await expect(
      handlers['account.signIn']({ email, password: 'app password' }),
    ).rejects.toMatchObject({ code: 'EMAIL_NOT_CONFIRMED' });
    expect((await handlers['account.get']({})).signedIn).toBe(false);

    await handlers['account.resendConfirmation']({ email });
    await pressLinkButton((await nextMail(mailbox, email, 1)).link);
    const account = await handlers['account.signIn']({ email, password: 'app password' });
    expect(account).toMatchObject({ signedIn: true, user: { email, name: 'App' } });
  });

  it('asks for a reset link; the new password set on its page signs in, the old one no longer', async () => {
    const test = await openTestCore(suite.server.url);
    suite.cores.push(test);
    const mailbox = folderMailbox(suite.server.dataDir);
    const email = `reset-${randomUUID()}@example.test`;
    const handlers = test.core.handlers;
    await handlers['account.register']({ email, password: 'old password', name: 'R' });
    await pressLinkButton((await nextMail(mailbox, email)).link);
    await handlers['account.signIn']({ email, password: 'old password' });
    await handlers['account.signOut']({});

    expect(await handlers['account.requestPasswordReset']({ email })).toEqual({ email });
    const mail = await nextMail(mailbox, email, 1);
    await pressLinkButton(mail.link, { password: 'new password', repeat: 'new password' });
    await expect(
      handlers['account.signIn']({ email, password: 'old password' }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await handlers['account.signIn']({ email, password: 'new password' })).signedIn).toBe(
      true,
    );
  });
});
