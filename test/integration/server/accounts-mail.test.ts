import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpCatcher } from '../../fixtures/mailbox';
import { nextMail, startSmtpCatcher, tokenOf } from '../../fixtures/mailbox';
import type { TestServer } from '../../fixtures/server-harness';
import { ENGINES, call, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';

const PUBLIC_URL = 'https://shelf.example.test/base';

describe.each(ENGINES)('accounts confirmed and reset by mail on %s', (engine) => {
  let smtp: SmtpCatcher;
  let ts: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    // Every request here comes from 127.0.0.1: the per-address limit is raised so that only the
    // per-account one (5 mails an hour) is reached, in its own test.
    ts = await startTestServer(engine, {
      smtp,
      publicUrl: PUBLIC_URL,
      limits: { accountMailsPerAddress: { max: 1000, windowMs: 60 * 60 * 1000 } },
    });
  });
  afterAll(async () => {
    await ts?.close();
    await smtp?.close();
  });

  const email = () => `m-${randomUUID()}@example.test`;
  const signIn = (address: string, password: string, deviceId: string = randomUUID()) =>
    call(ts.url, 'login', { body: { email: address, password, deviceId, deviceName: 'test' } });

  it('a new account signs in only after its address is confirmed through the mailed link', async () => {
    const address = email();
    const registered = await call(ts.url, 'register', {
      body: { email: address.toUpperCase(), password: 'first password', name: 'Nell' },
    });
    expect(registered.status).toBe(202);
    expect(registered.body).toEqual({ email: address, confirmationSent: true });

    const mail = await nextMail(smtp, address);
    expect(mail.from).toContain('shelf@example.test');
    expect(mail.subject).toBe('Confirm your email address for Shelfkeeper');
    expect(mail.text).toContain('Hello Nell');
    expect(mail.text).not.toContain('first password');
    expect(mail.link).toMatch(/^https:\/\/shelf\.example\.test\/base\/account\/confirm\?token=/);

    // The right password is told the address is unconfirmed; a wrong one learns nothing.
    const early = await signIn(address, 'first password');
    expect(early.status).toBe(403);
    expect(early.answer.json).toMatchObject({ code: 'EMAIL_NOT_CONFIRMED' });
    expect((await signIn(address, 'wrong password')).status).toBe(401);

    // Asked again: a second link; confirming with it retires the first.
    await ok(ts.url, 'resendConfirmation', { body: { email: address } });
    const again = await nextMail(smtp, address, 1);
    const confirmed = await ok(ts.url, 'confirmEmail', { body: { token: tokenOf(again.link) } });
    expect(confirmed.email).toBe(address);
    for (const used of [again.link, mail.link]) {
      const refused = await call(ts.url, 'confirmEmail', { body: { token: tokenOf(used) } });
      expect(refused.status).toBe(410);
      expect(refused.answer.json).toMatchObject({ code: 'LINK_INVALID' });
    }
    expect((await signIn(address, 'first password')).status).toBe(200);

    // Confirmed: asking for the link again sends nothing, with the same answer.
    const quiet = await call(ts.url, 'resendConfirmation', { body: { email: address } });
    expect(quiet.status).toBe(202);
    await requestReset(address);
    await nextMail(smtp, address, 2);
    expect((await smtp.mailsTo(address)).map((m) => m.subject)).toEqual([
      'Confirm your email address for Shelfkeeper',
      'Confirm your email address for Shelfkeeper',
      'Set a new Shelfkeeper password',
    ]);
  });

  async function requestReset(address: string) {
    const answer = await call(ts.url, 'requestPasswordReset', { body: { email: address } });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ ok: true });
  }

  it('a taken address answers like a new one, changes nothing and mails its owner a notice', async () => {
    const owner = await newUser({ url: ts.url, mailbox: smtp }, 'Owner');
    const fresh = email();
    const answers = await Promise.all([
      call(ts.url, 'register', { body: { email: fresh, password: 'a password 1', name: 'New' } }),
      call(ts.url, 'register', {
        body: { email: owner.email, password: 'intruder password', name: 'Intruder' },
      }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers.map((a) => Object.keys(a.body as object).sort())).toEqual([
      ['confirmationSent', 'email'],
      ['confirmationSent', 'email'],
    ]);
    expect(answers[1]?.body).toEqual({ email: owner.email, confirmationSent: true });
    expect(answers[1]?.answer.headers.get('content-length')).toBe(
      String(Buffer.byteLength(JSON.stringify({ email: owner.email, confirmationSent: true }))),
    );

    const notice = await nextMail(smtp, owner.email, 1);
    expect(notice.subject).toBe('Someone tried to create a Shelfkeeper account with your address');
    expect(notice.text).toContain('Hello Owner');
    expect(notice.text).not.toContain('intruder password');
    expect(notice.link).toMatch(/\/account\/reset\?token=/);
    expect((await nextMail(smtp, fresh)).subject).toBe(
      'Confirm your email address for Shelfkeeper',
    );

    // Nothing changed: one account, the owner's password, the owner's session.
    expect((await signIn(owner.email, 'intruder password')).status).toBe(401);
    expect((await signIn(owner.email, owner.password)).status).toBe(200);
    expect((await call(ts.url, 'listDevices', { token: owner.token })).status).toBe(200);
    const rows = await ts.server.context.db
      .selectFrom('users')
      .select('name')
      .where('email', '=', owner.email)
      .execute();
    expect(rows).toEqual([{ name: 'Owner' }]);
  });

  it('a reset link sets a new password once, ends every session and expires', async () => {
    const person = await newUser({ url: ts.url, mailbox: smtp }, 'Rita');
    const laptop = await signIn(person.email, person.password);
    expect(laptop.status).toBe(200);

    // An unknown address answers the same and gets no mail.
    const nobody = email();
    await requestReset(nobody);
    await requestReset(person.email);
    const mail = await nextMail(smtp, person.email, 1);
    expect(mail.subject).toBe('Set a new Shelfkeeper password');
    expect(await smtp.mailsTo(nobody)).toEqual([]);
    const token = tokenOf(mail.link);

    // Ten uses of the link at once: exactly one sets the password.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(ts.url, 'resetPassword', { body: { token, password: `new password ${i}` } }),
      ),
    );
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 410)).toHaveLength(9);
    expect(won[0]?.body).toEqual({ ok: true, sessionsEnded: 2 });
    const newPassword = `new password ${results.indexOf(won[0]!)}`;

    expect((await call(ts.url, 'listDevices', { token: person.token })).status).toBe(401);
    const laptopToken = (laptop.body as { token: string }).token;
    expect((await call(ts.url, 'listDevices', { token: laptopToken })).status).toBe(401);
    expect((await signIn(person.email, person.password)).status).toBe(401);
    expect((await signIn(person.email, newPassword)).status).toBe(200);

    // A link past its hour no longer works.
    await requestReset(person.email);
    const late = await nextMail(smtp, person.email, 2);
    ts.clockOffset.ms = 61 * 60 * 1000;
    try {
      const expired = await call(ts.url, 'resetPassword', {
        body: { token: tokenOf(late.link), password: 'too late password' },
      });
      expect(expired.status).toBe(410);
    } finally {
      ts.clockOffset.ms = 0;
    }
  });

  it('links work for the time the screens say: 48 hours to confirm, one hour to reset', async () => {
    const hour = 60 * 60 * 1000;
    const address = email();
    await ok(ts.url, 'register', {
      body: { email: address, password: 'timed password', name: 'T' },
    });
    await ok(ts.url, 'resendConfirmation', { body: { email: address } });
    const [early, late] = [await nextMail(smtp, address), await nextMail(smtp, address, 1)];
    await requestReset(address);
    await requestReset(address);
    const [resetEarly, resetLate] = [
      await nextMail(smtp, address, 2),
      await nextMail(smtp, address, 3),
    ];
    try {
      ts.clockOffset.ms = 59 * 60 * 1000;
      expect(
        (
          await call(ts.url, 'resetPassword', {
            body: { token: tokenOf(resetEarly.link), password: 'reset in time' },
          })
        ).status,
      ).toBe(200);
      ts.clockOffset.ms = 47 * hour;
      expect(
        (await call(ts.url, 'confirmEmail', { body: { token: tokenOf(early.link) } })).status,
      ).toBe(200);
      ts.clockOffset.ms = 49 * hour;
      // Retired by the first confirmation anyway; past 48 hours it could not work either way.
      expect(
        (await call(ts.url, 'confirmEmail', { body: { token: tokenOf(late.link) } })).status,
      ).toBe(410);
      expect(
        (
          await call(ts.url, 'resetPassword', {
            body: { token: tokenOf(resetLate.link), password: 'reset too late' },
          })
        ).status,
      ).toBe(410);
    } finally {
      ts.clockOffset.ms = 0;
    }
  });

  it('a confirmation link past 48 hours no longer works', async () => {
    const address = email();
    await ok(ts.url, 'register', { body: { email: address, password: 'slow reader', name: 'S' } });
    const mail = await nextMail(smtp, address);
    ts.clockOffset.ms = 48 * 60 * 60 * 1000 + 60_000;
    try {
      const late = await call(ts.url, 'confirmEmail', { body: { token: tokenOf(mail.link) } });
      expect(late.status).toBe(410);
    } finally {
      ts.clockOffset.ms = 0;
    }
    expect((await signIn(address, 'slow reader')).status).toBe(403);
  });

  it('a reset confirms an address that was never confirmed', async () => {
    const address = email();
    await ok(ts.url, 'register', { body: { email: address, password: 'forgotten pw', name: 'F' } });
    await nextMail(smtp, address);
    await requestReset(address);
    const reset = await nextMail(smtp, address, 1);
    await ok(ts.url, 'resetPassword', {
      body: { token: tokenOf(reset.link), password: 'remembered pw' },
    });
    expect((await signIn(address, 'remembered pw')).status).toBe(200);
  });

  it('changing the password signed in ends the other sessions and keeps this one', async () => {
    const person = await newUser({ url: ts.url, mailbox: smtp });
    const other = await signIn(person.email, person.password);
    const otherToken = (other.body as { token: string }).token;

    const wrong = await call(ts.url, 'changePassword', {
      token: person.token,
      body: { currentPassword: 'not my password', newPassword: 'next password' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.answer.json).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'currentPassword' }],
    });

    const changed = await ok(ts.url, 'changePassword', {
      token: person.token,
      body: { currentPassword: person.password, newPassword: 'next password' },
    });
    expect(changed).toEqual({ ok: true, sessionsEnded: 1 });
    expect((await call(ts.url, 'listDevices', { token: person.token })).status).toBe(200);
    expect((await call(ts.url, 'listDevices', { token: otherToken })).status).toBe(401);
    expect((await signIn(person.email, person.password)).status).toBe(401);
    expect((await signIn(person.email, 'next password')).status).toBe(200);
  });

  it('a stolen session cannot guess the current password: ten tries, then 429', async () => {
    const person = await newUser({ url: ts.url, mailbox: smtp });
    const attempt = (currentPassword: string) =>
      call(ts.url, 'changePassword', {
        token: person.token,
        body: { currentPassword, newPassword: 'stolen new password' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(`guess ${i}`)).status);
    expect(statuses).toEqual(Array(10).fill(400));
    expect((await attempt(person.password)).status).toBe(429);
    expect((await signIn(person.email, person.password)).status).toBe(200);
  });

  it('limits mail per address asked for, whether or not it has an account', async () => {
    for (const address of [email(), (await newUser({ url: ts.url, mailbox: smtp })).email]) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push(
          (await call(ts.url, 'requestPasswordReset', { body: { email: address } })).status,
        );
      }
      // Five mails an hour per address; an account's registration was its first.
      const allowed = address.startsWith('m-') ? 5 : 4;
      expect(statuses).toEqual([...Array(allowed).fill(202), ...Array(7 - allowed).fill(429)]);
    }
  });

  it('the link pages: a form that does nothing on opening, the work on its button', async () => {
    const address = email();
    await ok(ts.url, 'register', {
      body: { email: address, password: 'page password', name: 'P' },
    });
    const link = new URL((await nextMail(smtp, address)).link ?? '');
    const token = link.searchParams.get('token') ?? '';
    const path = link.pathname.replace(/^\/base/, '');

    const opened = await http(ts.url, 'GET', `${path}${link.search}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toContain('text/html');
    expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
    expect(opened.text).toContain('<button type="submit">Confirm my email address</button>');
    expect((await signIn(address, 'page password')).status).toBe(403);

    const form = (fields: Record<string, string>) => ({
      rawBody: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const confirmed = await http(ts.url, 'POST', path, form({ token }));
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Your email address is confirmed');
    expect((await signIn(address, 'page password')).status).toBe(200);
    const again = await http(ts.url, 'POST', path, form({ token }));
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link has expired or has already been used.');

    await requestReset(address);
    const reset = new URL((await nextMail(smtp, address, 1)).link ?? '');
    const resetToken = reset.searchParams.get('token') ?? '';
    const resetPath = reset.pathname.replace(/^\/base/, '');
    const resetPage = await http(ts.url, 'GET', `${resetPath}${reset.search}`);
    expect(resetPage.status).toBe(200);
    expect(resetPage.text).toContain('<label for="password">New password</label>');
    const mismatch = await http(
      ts.url,
      'POST',
      resetPath,
      form({ token: resetToken, password: 'page password 2', repeat: 'page password 3' }),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('The two passwords are not the same.');
    const done = await http(
      ts.url,
      'POST',
      resetPath,
      form({ token: resetToken, password: 'page password 2', repeat: 'page password 2' }),
    );
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your password is changed');
    expect((await signIn(address, 'page password 2')).status).toBe(200);
    expect((await http(ts.url, 'GET', `${resetPath}${reset.search}`)).status).toBe(410);
  });
});
