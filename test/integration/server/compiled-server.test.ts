import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { serverBuildOptions, serverDist } from '../../../scripts/lib/build-steps';
import { http } from '../../fixtures/server-harness';

const dataDir = mkdtempSync(join(tmpdir(), 'shelf-compiled-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the compiled server (npm run build:server, then plain node)', () => {
  it('builds to dist/server and answers /healthz with no transpiler in the process', async () => {
    await build(serverBuildOptions);
    const entry = join(serverDist, 'bin', 'server.js');
    // No tsx or esbuild left in the output: the bundle is plain JavaScript for node.
    expect(readFileSync(entry, 'utf8')).not.toMatch(/from ["'](tsx|esbuild)/);

    const child = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        SHELF_DATA_DIR: dataDir,
        SHELF_DEMO: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /license server: (http:\/\/\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        void exited.then((code) => reject(new Error(`exited ${code}:\n${output}`)));
      });
      const health = await http(url, 'GET', '/healthz');
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ status: 'ok', database: 'sqlite' });
      // The process is node running the bundle, nothing loaded through a loader hook.
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline.filter(Boolean)).toEqual([process.execPath, entry]);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
