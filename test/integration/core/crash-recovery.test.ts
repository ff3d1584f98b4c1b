import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAUSE_AFTER_RECEIPT_ENV } from '../../fixtures/core-child-env';
import { openTestCore, registerUser, licenseServerPerFile } from '../../fixtures/core-integration';

const suite = licenseServerPerFile();

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a core killed between the receipt and the file deletion', () => {
  it('finishes the deletion at its next start', async () => {
    const user = await registerUser(suite.server);
    let test = await openTestCore(suite.server.url);
    await test.core.handlers['account.signIn'](user);
    const contentId = suite.server.demo?.products['morning-chimes']?.contentIds[0] ?? '';
    await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    await test.core.handlers['content.download']({ contentId });
    // The content and the cover taken from its embedded artwork, each its own vault file.
    expect(readdirSync(join(test.dataDir, 'vault'))).toHaveLength(2);
    await test.close();

    const marker = join(test.dataDir, 'paused-after-receipt');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/core-child.ts', 'return', contentId, 'buyback'],
      {
        env: {
          ...process.env,
          CORE_DATA_DIR: test.dataDir,
          CORE_SERVER_URL: suite.server.url,
          SHELF_STORE_KEY: test.keyHex,
          [PAUSE_AFTER_RECEIPT_ENV]: marker,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      await waitFor(() => existsSync(marker), 20_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`child never reached the receipt: ${stderr}`, { cause: error });
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Killed with the receipt stored but the files still there.
    expect(readdirSync(join(test.dataDir, 'vault'))).toHaveLength(2);

    test = await openTestCore(suite.server.url, { dataDir: test.dataDir, keyHex: test.keyHex });
    suite.cores.push(test);
    expect(readdirSync(join(test.dataDir, 'vault'))).toEqual([]);
    expect(
      (
        await test.core.handlers['library.list']({
          sort: 'title',
          direction: 'asc',
          offset: 0,
          limit: 10,
        })
      ).total,
    ).toBe(0);
    expect((await test.core.handlers['returns.list']({})).receipts).toEqual([
      expect.objectContaining({ contentId }),
    ]);
    expect((await test.core.handlers['returns.list']({})).queued).toEqual([]);
  });
});
