import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The README is the first thing a user trusts: its set-up commands, script names, environment
// variables and folder names must be the code's. Each check fails when the two drift apart.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** Variables set by our own launchers for a child process, or by the OS: not user settings. */
const INTERNAL_ENV = new Set([
  'SHELF_USER_DATA_DIR',
  'SHELF_SQLITE_BINDING',
  'SHELF_DEMO_EMAIL',
  'SHELF_DEMO_PASSWORD',
  // Set, not read as a setting: the prerender's build makes Vite's production build with it.
  'NODE_ENV',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.join(repoRoot, dir, file));
}

/** Environment variables the shipped code and the start scripts read. */
function envVarsRead(): Set<string> {
  const names = new Set<string>();
  for (const file of ['main', 'server', 'scripts'].flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]!);
    for (const match of text.matchAll(/\benv\.(SHELF_[A-Z0-9_]+)/g)) names.add(match[1]!);
    for (const match of text.matchAll(/'(SHELF_[A-Z0-9_]+)'/g)) names.add(match[1]!);
  }
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'SHELF_SCHEME_PRIVILEGES']) names.delete(name);
  return names;
}

describe('README.md tells the truth', () => {
  it('gives the two set-up commands', () => {
    expect(readme).toContain('./shelf ci && ./shelf start');
    expect(readme).toMatch(/^\.\/shelf test\b/m);
    expect(scripts.start).toBeTypeOf('string');
    expect(scripts.test).toBeTypeOf('string');
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(scripts, `npm run ${name}`).toHaveProperty([name]);
  });

  it('documents every environment variable the code reads', () => {
    const documented = new Set([...readme.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
    const missing = [...envVarsRead()].filter((name) => !INTERNAL_ENV.has(name));
    expect(missing.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('points "Where to find what" at folders and files that exist', () => {
    const section = readme.split('## Where to find what')[1]?.split('\n## ')[0] ?? '';
    const paths = [...section.matchAll(/`([a-z.][\w./-]*)`/g)]
      .map((match) => match[1]!)
      .filter((p) => p.includes('/') || p.startsWith('.'));
    expect(paths.length).toBeGreaterThan(5);
    for (const p of paths) expect(existsSync(path.join(repoRoot, p)), p).toBe(true);
  });
});
