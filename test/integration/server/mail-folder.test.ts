import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/logger';
import { DEMO_USER } from '../../../server/index';
import { folderMailbox, nextMail, tokenOf } from '../../fixtures/mailbox';
import type { TestServer } from '../../fixtures/server-harness';
import { call, ok, startTestServer } from '../../fixtures/server-harness';

/**
 * The embedded default (no SMTP configured): each mail is an `.eml` file in the data folder's
 * `mail/`, and its link is in the log, which is how the person running it follows the link.
 */
describe('account mail without SMTP (the embedded default)', () => {
  const lines: string[] = [];
  let ts: TestServer;

  beforeAll(async () => {
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    ts = await startTestServer('sqlite', { logger, seedDemo: true });
  });
  afterAll(() => ts?.close());

  it('writes the mail to <data>/mail and its link to the log, never the password', async () => {
    const email = `f-${randomUUID()}@example.test`;
    await ok(ts.url, 'register', {
      body: { email, password: 'folder password', name: 'Folder' },
    });
    const mail = await nextMail(folderMailbox(ts.dataDir), email);
    expect(mail.subject).toBe('Confirm your email address for Shelfkeeper');
    expect(mail.link?.startsWith(`${ts.url}/account/confirm?token=`)).toBe(true);
    const files = readdirSync(join(ts.dataDir, 'mail'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(files.filter((f) => !f.endsWith('.eml'))).toEqual([]);

    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const entry = logged.find((l) => l.to === email);
    expect(entry).toMatchObject({ link: mail.link, subject: mail.subject });
    expect(lines.join('\n')).not.toContain('folder password');

    await ok(ts.url, 'confirmEmail', { body: { token: tokenOf(mail.link) } });
    const session = await call(ts.url, 'login', {
      body: { email, password: 'folder password', deviceId: randomUUID(), deviceName: 'd' },
    });
    expect(session.status).toBe(200);
  });

  it('the demo user is confirmed already', async () => {
    const session = await call(ts.url, 'login', {
      body: {
        email: DEMO_USER.email,
        password: DEMO_USER.password,
        deviceId: randomUUID(),
        deviceName: 'd',
      },
    });
    expect(session.status).toBe(200);
  });
});
