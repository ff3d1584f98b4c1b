import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The project runs on one Node.js line, said in three places that must agree: package.json's
// engines, the Node.js that ./shelf fetches where the machine's own is older, and the Node.js
// the tests run under (CI runs them through ./shelf).

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const shelf = readFileSync(path.join(repoRoot, 'shelf'), 'utf8');

const engineMajor = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
const shelfMajor = Number(/^NODE_MAJOR=(\d+)$/m.exec(shelf)?.[1]);
const shelfVersion = /^NODE_VERSION=(\d+)\.\d+\.\d+$/m.exec(shelf)?.[1];

describe('the Node.js line', () => {
  it('is the same in package.json and ./shelf', () => {
    expect(engineMajor).toBeGreaterThanOrEqual(24);
    expect(shelfMajor).toBe(engineMajor);
    expect(Number(shelfVersion)).toBe(engineMajor);
  });

  it('is the one the tests run under', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(engineMajor);
  });
});
