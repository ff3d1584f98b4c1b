import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCore } from '../fixtures/core-integration';
import { openTestCore, registerUser, startTruncatingProxy } from '../fixtures/core-integration';
import { tempDir, throwawayKey } from '../fixtures/core-fixtures';
import type { TestServer } from '../fixtures/server-harness';
import { ok, startTestServer } from '../fixtures/server-harness';

/**
 * The app killed (SIGKILL) in the middle of a download: at its next start nothing of the half
 * file remains, the content shows as not downloaded, and a new download completes and opens.
 * (A kill between a return's receipt and its file deletion is covered by the app core's own
 * test/integration/core/crash-recovery.test.ts, and a download cut by the network by
 * test/integration/core/tampering.test.ts.)
 */
async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the app killed during a download', () => {
  let ts: TestServer;
  let reopened: TestCore | undefined;
  const dir = tempDir('shelf-rel-download-');

  beforeAll(async () => {
    ts = await startTestServer('sqlite', { logLevel: process.env.SHELF_REL_LOG ?? 'silent' });
  });
  afterAll(async () => {
    await reopened?.close();
    await ts?.close();
    dir.remove();
  });

  it('leaves no half file, and the download can be made again', async () => {
    const file = randomBytes(1024 * 1024);
    const item = await ok(ts.url, 'adminPublish', {
      token: ts.adminToken,
      body: {
        title: 'A large file',
        creator: 'Test',
        kind: 'software',
        priceCents: 100,
        mime: 'application/octet-stream',
        fileBase64: file.toString('base64'),
      },
    });
    const user = await registerUser(ts);
    const server = new URL(ts.url);
    // Forwards the download's first 200 KB, then holds the connection open and silent.
    const proxy = await startTruncatingProxy(
      { host: server.hostname, port: Number(server.port) },
      200 * 1024,
      'stall',
    );
    const key = throwawayKey();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/reliability-core-child.ts'],
      {
        env: {
          ...process.env,
          CORE_DATA_DIR: dir.path,
          SHELF_STORE_KEY: key.hex,
          CORE_SERVER_URL: ts.url,
          CORE_DOWNLOAD_URL: proxy.url,
          CORE_EMAIL: user.email,
          CORE_PASSWORD: user.password,
          CORE_CONTENT_ID: item.contentId,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<string | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? String(code))),
    );
    try {
      const vault = join(dir.path, 'vault');
      const partial = () =>
        existsSync(vault) &&
        readdirSync(vault).some((name) => statSync(join(vault, name)).size > 64 * 1024);
      await waitFor(
        () => partial() || child.exitCode !== null,
        60_000,
        `a partial file\n${output}`,
      );
      expect(output).toContain('downloading');
      expect(output).not.toContain('downloaded\n');
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The kill left the half file behind: this is what the next start must clean up.
      expect(readdirSync(vault).length).toBeGreaterThan(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await proxy.close();
    }

    reopened = await openTestCore(ts.url, { dataDir: dir.path, keyHex: key.hex });
    const h = reopened.core.handlers;
    // The killed process had pointed its settings at the (now closed) stalling proxy.
    await h['settings.set']({ serverUrl: ts.url });
    expect(readdirSync(join(dir.path, 'vault'))).toEqual([]);
    const detail = await h['library.get']({ contentId: item.contentId });
    expect(detail).toMatchObject({ downloaded: false });
    await h['content.download']({ contentId: item.contentId });
    expect(readdirSync(join(dir.path, 'vault'))).toHaveLength(1);
    const opened = await reopened.core.openContent(item.contentId);
    const parts: Buffer[] = [];
    for await (const chunk of opened.stream) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).equals(file)).toBe(true);
  });
});
