import { globalAgent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/index';
import type { RunningServer } from '../../../server/index';
import { tempDir } from '../../fixtures/core-fixtures';
import { openTestCore, registerUser } from '../../fixtures/core-integration';
import type { TestCore } from '../../fixtures/core-integration';
import { writeSigningKey } from '../../fixtures/signing-key';
import { testLicenseRoot } from '../../fixtures/license-root';

const dataDir = tempDir('shelf-server-');
const keys = tempDir('shelf-keys-');
const open: { cores: TestCore[]; servers: RunningServer[] } = { cores: [], servers: [] };

afterAll(async () => {
  for (const core of open.cores) await core.close();
  for (const server of open.servers) await server.close();
  dataDir.remove();
  keys.remove();
});

function start(keyFile: string, keyId: string, port = 0): Promise<RunningServer> {
  return startServer({
    dataDir: dataDir.path,
    port,
    seedDemo: true,
    logLevel: 'silent',
    webhooks: { enabled: false },
    signingKey: { file: keyFile, keyId },
    licenseRoot: testLicenseRoot(),
  });
}

describe('the app keeps verifying licenses across a signing key rotation', () => {
  it('opens a license signed by the old key after it cached the new key set', async () => {
    const first = await start(writeSigningKey(keys.path, 'old.pem'), 'old-key');
    const port = first.port;
    const stories = first.demo?.products['short-stories']?.contentIds[0] ?? '';
    const poster = first.demo?.products['lighthouse-poster']?.contentIds[0] ?? '';

    let test = await openTestCore(first.url);
    await test.core.handlers['account.signIn'](await registerUser(first));
    await test.core.handlers['store.buy']({ contentId: stories, pointsToUse: 0 });
    await test.core.handlers['content.download']({ contentId: stories });
    await test.core.handlers['content.open']({ contentId: stories });
    await test.close();
    await first.close();

    // Same address, same database, a new key: licenses bought from now on name "new-key".
    const second = await start(writeSigningKey(keys.path, 'new.pem'), 'new-key', port);
    open.servers.push(second);
    // The same store (and its cached key set, which holds only "old-key"), reopened. A reopened
    // app is a new process: its keep-alive sockets to the stopped server go with it.
    globalAgent.destroy();
    test = await test.reopen();
    open.cores.push(test);
    await test.core.handlers['store.buy']({ contentId: poster, pointsToUse: 0 });
    await test.core.handlers['content.download']({ contentId: poster });
    // Unknown key id "new-key": the core fetches the key set, which replaces its cache...
    await test.core.handlers['content.open']({ contentId: poster });
    // ...and still holds "old-key", so the first license keeps verifying.
    await test.core.handlers['content.open']({ contentId: stories });
    expect((await test.core.handlers['library.get']({ contentId: stories })).licenseValid).toBe(
      true,
    );
    expect((await test.core.handlers['library.get']({ contentId: poster })).licenseValid).toBe(
      true,
    );
  });
});
