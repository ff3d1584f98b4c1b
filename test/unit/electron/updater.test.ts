import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../../shared/ipc/updates';
import { createUpdateService } from '../../../main/electron/updater';
import { NodeUpdateExecutor } from './node-update-executor';

/**
 * The updater against a real generic feed on 127.0.0.1: electron-updater's own Linux (deb)
 * updater reads latest-linux.yml, downloads the file with progress and checks its sha512. Only
 * what needs a running Electron is replaced: the app adapter (version, paths) and the HTTP
 * executor (Electron's `net`), by builder-util's Node one.
 */
const feedDir = mkdtempSync(path.join(tmpdir(), 'shelf-update-feed-'));
const userData = mkdtempSync(path.join(tmpdir(), 'shelf-update-user-'));
const installer = randomBytes(3 * 1024 * 1024);
const installerName = 'shelfkeeper_0.2.0_amd64.deb';
writeFileSync(path.join(feedDir, installerName), installer);
const sha512 = createHash('sha512').update(installer).digest('base64');
const feed = (version: string, hash = sha512) =>
  [
    `version: ${version}`,
    'files:',
    `  - url: ${installerName}`,
    `    sha512: ${hash}`,
    `    size: ${installer.length}`,
    `path: ${installerName}`,
    `sha512: ${hash}`,
    `releaseDate: '2026-11-29T12:00:00.000Z'`,
    '',
  ].join('\n');
let latest = feed('0.2.0');

const requested: string[] = [];
const server = createServer((request, response) => {
  const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
  requested.push(name);
  if (name === 'latest-linux.yml') return response.writeHead(200).end(latest);
  if (name === installerName) {
    // In chunks over ~2.5 s: electron-updater reports progress at most once a second.
    response.writeHead(200, { 'content-length': installer.length });
    let at = 0;
    const next = () => {
      if (at >= installer.length) return response.end();
      const chunk = installer.subarray(at, at + 256 * 1024);
      at += chunk.length;
      response.write(chunk, () => setTimeout(next, 200));
    };
    return next();
  }
  response.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function nodeUpdater(version: string) {
  const app: AppAdapter = {
    version,
    name: 'shelfkeeper',
    isPackaged: false,
    appUpdateConfigPath: path.join(userData, 'missing-app-update.yml'),
    userDataPath: userData,
    baseCachePath: path.join(userData, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  const updater = new DebUpdater(undefined, app);
  (updater as unknown as { httpExecutor: NodeUpdateExecutor }).httpExecutor =
    new NodeUpdateExecutor();
  updater.logger = null;
  return updater;
}

const logger = { info: () => {}, warn: () => {}, error: () => {} };

describe('auto-update against a local generic feed', () => {
  it('checks, downloads with progress, verifies, and offers the restart', async () => {
    const updater = nodeUpdater('0.1.0');
    const installs: unknown[][] = [];
    updater.quitAndInstall = (...args: unknown[]) => void installs.push(args);
    const service = createUpdateService({
      createUpdater: () => updater,
      enabled: true,
      feedUrl,
      configDir: userData,
      logger,
      intervalMs: 0,
    });
    const seen: UpdateState[] = [];
    service.subscribe((state) => seen.push(state));
    expect(service.state().status).toBe('idle');
    expect(() => service.install()).toThrow(expect.objectContaining({ code: 'UPDATE_NOT_READY' }));

    await service.check();
    await vi.waitFor(() => expect(service.state().status).toBe('ready'), { timeout: 20_000 });

    expect(service.state()).toEqual({
      status: 'ready',
      version: '0.2.0',
      percent: 100,
      message: null,
    });
    const statuses = seen.map((s) => s.status);
    expect(statuses.slice(0, 2)).toEqual(['checking', 'available']);
    const progress = seen.filter((s) => s.status === 'downloading').map((s) => s.percent!);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(requested).toEqual(['latest-linux.yml', installerName]);
    const pending = path.join(userData, 'cache', 'shelfkeeper-updater', 'pending');
    const downloaded = readdirSync(pending).find((name) => name.endsWith('.deb'))!;
    expect(readFileSync(path.join(pending, downloaded)).equals(installer)).toBe(true);

    // A second check while ready changes nothing; "Restart to update" installs and relaunches.
    await service.check();
    expect(requested).toHaveLength(2);
    service.install();
    await new Promise((resolve) => setImmediate(resolve));
    expect(installs).toEqual([[false, true]]);
  }, 30_000);

  it('says up to date when the feed has nothing newer', async () => {
    const service = createUpdateService({
      createUpdater: () => nodeUpdater('0.2.0'),
      enabled: true,
      feedUrl,
      configDir: userData,
      logger,
      intervalMs: 0,
    });
    expect((await service.check()).status).toBe('up-to-date');
  });

  it('refuses a download whose sha512 does not match the feed', async () => {
    latest = feed('0.3.0', createHash('sha512').update('something else').digest('base64'));
    const warnings: unknown[] = [];
    const service = createUpdateService({
      createUpdater: () => nodeUpdater('0.1.0'),
      enabled: true,
      feedUrl,
      configDir: mkdtempSync(path.join(tmpdir(), 'shelf-update-user-')),
      logger: { ...logger, warn: (_m: string, fields?: unknown) => warnings.push(fields) },
      intervalMs: 0,
    });
    await service.check();
    await vi.waitFor(() => expect(service.state().status).toBe('error'), { timeout: 20_000 });
    expect(JSON.stringify(warnings)).toMatch(/sha512/i);
    expect(() => service.install()).toThrow(expect.objectContaining({ code: 'UPDATE_NOT_READY' }));
  }, 30_000);

  it('is off in a development run, and never talks to an http:// feed on another computer', async () => {
    const create = vi.fn(() => nodeUpdater('0.1.0'));
    const off = createUpdateService({ createUpdater: create, enabled: false, logger });
    expect((await off.check()).status).toBe('disabled');
    const insecure = createUpdateService({
      createUpdater: create,
      enabled: true,
      feedUrl: 'http://updates.example.com/',
      logger,
    });
    expect(insecure.state()).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/https:\/\//),
    });
    expect((await insecure.check()).status).toBe('error');
    expect(create).not.toHaveBeenCalled();
  });
});
