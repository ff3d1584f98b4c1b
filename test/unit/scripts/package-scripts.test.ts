import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_VERSION } from '../../../server/version';

// The README promises each npm script works. A script missing from package.json or wired to an
// entry file that does not exist fails here, not at a user's terminal.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const { scripts, version } = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as {
  scripts: Record<string, string>;
  version: string;
};

/** Every `tsx <file>` entry a script runs. */
function tsxEntries(command: string): string[] {
  return [...command.matchAll(/\btsx\s+(\S+\.ts)\b/g)].map((match) => match[1] ?? '');
}

describe('package.json scripts', () => {
  const promised = [
    'start',
    'start:browser',
    'server',
    'build',
    'test',
    'test:unit',
    'test:integration',
    'test:e2e',
    'lint',
    'typecheck',
    'bench',
    'dist',
  ];

  it.each(promised)('%s is defined', (name) => {
    expect(scripts[name], name).toBeTypeOf('string');
  });

  it.each(Object.entries(scripts))('%s runs entry files that exist', (_name, command) => {
    for (const entry of tsxEntries(command))
      expect(existsSync(`${repoRoot}${entry}`), entry).toBe(true);
  });

  it('npm run server runs the license server entry', () => {
    expect(tsxEntries(scripts.server ?? '')).toEqual(['server/bin/server.ts']);
  });

  it("the server reports package.json's version (/healthz, OpenAPI)", () => {
    expect(SERVER_VERSION).toBe(version);
  });
});
