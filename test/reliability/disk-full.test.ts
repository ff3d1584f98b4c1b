import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishProduct } from '../fixtures/server-catalog';
import type { TestServer } from '../fixtures/server-harness';
import { createPgDatabase } from '../fixtures/pg-database';
import { ENGINES, call, http, newUser, startTestServer } from '../fixtures/server-harness';

/**
 * Issue 14, items 4 and 5: a full log disk and a full database disk keep the server answering
 * (503 with Retry-After for what cannot be stored), never hang it, and lose nothing; a data
 * folder that cannot be used at start ends the process with one sentence and exit code 1.
 */
/**
 * The TCP port process `pid` listens on, or null while it listens on none: its sockets' inodes
 * (/proc/<pid>/fd) looked up among the listening sockets (/proc/net/tcp, state 0A). A server
 * whose stdout is /dev/full cannot print its URL; a free port picked here and handed to it
 * instead could be taken by another process before the server bound it (and the test would
 * then talk to that process).
 */
function listeningPort(pid: number): number | null {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // closed meanwhile
    }
  }
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
    if (state === '0A' && inode && inodes.has(inode))
      return parseInt(local?.split(':')[1] ?? '', 16);
  }
  return null;
}

/** The URL of the server process `child` once it listens and answers. */
async function whenUp(child: ChildProcess, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    const port = child.pid === undefined ? null : listeningPort(child.pid);
    if (port !== null) {
      const url = `http://127.0.0.1:${port}`;
      if ((await fetch(`${url}/healthz`)).ok) return url;
    }
    if (Date.now() > until) throw new Error('the server did not answer');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(ENGINES)('a full log disk on %s', (engine) => {
  it(
    'the server keeps answering, counts the dropped lines, and stops promptly',
    { timeout: 180_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'shelf-logfull-'));
      const database = engine === 'postgres' ? await createPgDatabase() : undefined;
      const full = openSync('/dev/full', 'w');
      let stderr = '';
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/bin/server.ts'], {
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: '0',
          SHELF_DATA_DIR: dataDir,
          DATABASE_URL: database?.url ?? '',
          // A line per request: every request's log write fails.
          LOG_LEVEL: 'debug',
        },
        stdio: ['ignore', full, 'pipe'],
      });
      closeSync(full);
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
        child.on('exit', (code) => resolve({ code, at: Date.now() })),
      );
      try {
        const url = await whenUp(child, 110_000);
        const statuses = [];
        for (let i = 0; i < 30; i++) {
          statuses.push((await http(url, 'GET', '/v1/catalog')).status);
        }
        expect(statuses.every((s) => s === 200)).toBe(true);
        // A failed request (a wrong login) also logs, and is answered.
        const wrong = await http(url, 'POST', '/v1/auth/login', {
          body: {
            email: 'x@example.test',
            password: 'wrong',
            deviceId: randomUUID(),
            deviceName: 'x',
          },
        });
        expect(wrong.status).toBe(401);
        const metrics = (await http(url, 'GET', '/metrics')).text;
        const dropped = Number(/^shelf_log_lines_dropped_total (\d+)$/m.exec(metrics)?.[1]);
        expect(dropped).toBeGreaterThanOrEqual(30);
        expect(child.exitCode).toBeNull();
        const stopAsked = Date.now();
        child.kill('SIGTERM');
        const { code, at } = await exited;
        expect(code, stderr).toBe(0);
        expect(at - stopAsked).toBeLessThan(10_000);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});

describe.each(ENGINES)('a full database disk on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine, {
      limits: { registrationsPerAddress: { max: 10_000, windowMs: 60_000 } },
    });
  });
  afterAll(() => ts.close());

  /** Makes the database refuse to grow (SQLite) or to write users (PostgreSQL's disk_full). */
  async function fillDisk(): Promise<void> {
    const db = ts.server.context.db;
    if (engine === 'sqlite') {
      const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
      await sql.raw(`pragma max_page_count = ${pages.rows[0]?.page_count ?? 1}`).execute(db);
      return;
    }
    await sql`create or replace function shelf_disk_full() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`.execute(
      db,
    );
    await sql`create trigger shelf_disk_full before insert on users for each row execute function shelf_disk_full()`.execute(
      db,
    );
  }

  async function freeDisk(): Promise<void> {
    const db = ts.server.context.db;
    if (engine === 'sqlite') await sql`pragma max_page_count = 1073741823`.execute(db);
    else await sql`drop trigger shelf_disk_full on users`.execute(db);
  }

  it('writes answer 503 with Retry-After, reads still answer, nothing is half-written, and it recovers', async () => {
    await publishProduct(ts);
    const usersBefore = await ts.server.context.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    await fillDisk();
    let created = 0;
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    try {
      for (let i = 0; i < 500 && !refused; i++) {
        const answer = await call(ts.url, 'register', {
          body: {
            email: `full-${randomUUID()}@example.test`,
            password: 'long enough pw',
            name: 'F',
          },
        });
        if (answer.status === 202) created++;
        else refused = answer;
      }
      expect(refused?.answer.json).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(Number(refused?.answer.headers.get('retry-after'))).toBeGreaterThan(0);
      // Reads still work meanwhile.
      expect((await http(ts.url, 'GET', '/v1/catalog')).status).toBe(200);
      const usersDuring = await ts.server.context.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      // Every 201 is stored, the refused one is not.
      expect(Number(usersDuring.n)).toBe(Number(usersBefore.n) + created);
    } finally {
      await freeDisk();
    }
    // Space freed: the same work succeeds, with no restart.
    const person = await newUser(ts);
    expect(person.token.length).toBeGreaterThan(0);
  });
});

describe('a data folder that cannot be used at start', () => {
  it(
    'prints one sentence naming the path and the cause, and exits 1',
    { timeout: 60_000 },
    async () => {
      const parent = mkdtempSync(join(tmpdir(), 'shelf-badfolder-'));
      // A file where the data folder should be: mkdir fails with ENOTDIR for everything under it.
      const blocker = join(parent, 'not-a-folder');
      writeFileSync(blocker, 'x');
      const dataDir = join(blocker, 'server');
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/bin/server.ts'], {
          env: {
            ...process.env,
            HOST: '127.0.0.1',
            PORT: '0',
            SHELF_DATA_DIR: dataDir,
            DATABASE_URL: '',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(code).toBe(1);
        const lines = stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(blocker);
        expect(lines[0]).toMatch(/ is not a folder .*\(ENOTDIR\)\.$/);
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
  );

  it(
    'a short SHELF_ADMIN_TOKEN is refused in one sentence, exit 1',
    { timeout: 60_000 },
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'shelf-shorttoken-'));
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/bin/server.ts'], {
          env: {
            ...process.env,
            HOST: '127.0.0.1',
            PORT: '0',
            SHELF_DATA_DIR: dataDir,
            DATABASE_URL: '',
            SHELF_ADMIN_TOKEN: 'a',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
        expect(code).toBe(1);
        expect(stderr.trim()).toBe(
          'The license server cannot start: The admin token must be at least 32 characters long.',
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
