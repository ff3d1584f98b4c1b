import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFirstScreenPrerender } from '../../../main/core/first-screen-prerender';
import { buildPrerender } from '../../../scripts/lib/build-steps';
import type { FirstScreenPrerender } from '../../../shared/ipc/first-screen-prerender';
import { SEEDED_LIBRARY_ITEMS } from '../../../shared/ipc/first-screen-seed';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view-default';
import {
  sampleSignedInAccount,
  sampleSyncStatus,
  sampleTableSettings,
} from '../../fixtures/contract-samples';
import { libraryItem } from '../../unit/renderer/fake-shelf';

/**
 * The prerender as the hosts load it: Vite's SSR build of the renderer's entry, on its own (the
 * packaged app has no renderer packages in its node_modules: electron-builder.yml), loaded by the
 * core from its folder, rendering a seed (docs/design.md §7.5).
 */
let outDir: string;
let prerender: FirstScreenPrerender | null;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'shelf-prerender-build-'));
  await buildPrerender(outDir);
  prerender = await loadFirstScreenPrerender(outDir, (error) => {
    throw error;
  });
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Every module specifier the build's files import (static and dynamic). */
function importsOf(dir: string): string[] {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const code = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of code.matchAll(/(?:^|[;\n}])\s*import\s[^'"]*?from\s*["']([^"']+)["']/g))
      found.add(match[1] ?? '');
    for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
      found.add(match[1] ?? '');
  }
  return [...found];
}

describe("the first screen's prerender, built", () => {
  it("imports nothing but its own files and Node's modules", () => {
    const outside = importsOf(outDir).filter(
      (specifier) =>
        // A script the EPUB engine writes for a book's own frame, not an import of the build.
        !specifier.includes('${') &&
        !specifier.startsWith('.') &&
        !specifier.startsWith('node:') &&
        !builtinModules.includes(specifier),
    );
    expect(outside, outside.join(', ')).toEqual([]);
  });

  it("loads in the core and renders the library from a seed, with React's production build", () => {
    const items = Array.from({ length: 12 }, (_, i) => libraryItem({ title: `Book ${i}` }));
    const view = DEFAULT_LIBRARY_VIEW;
    const screen = prerender?.({
      answers: [
        { channel: 'account.get', input: {}, output: sampleSignedInAccount },
        {
          channel: 'settings.get',
          input: {},
          output: {
            ...sampleTableSettings,
            libraryView: view,
            libraryViewport: { width: 800, height: 300 },
          },
        },
        {
          channel: 'library.list',
          input: {
            sort: view.sort,
            direction: view.direction,
            offset: 0,
            limit: SEEDED_LIBRARY_ITEMS,
          },
          output: { items, total: 12 },
        },
        { channel: 'sync.status', input: {}, output: sampleSyncStatus },
      ],
    });
    // 800 px: four 190 px columns; 300 px: the first two rows.
    expect(screen?.root.match(/data-testid="library-item"/g)).toHaveLength(8);
    expect(screen?.root).toContain('12 items');
    const code = readdirSync(outDir, { recursive: true })
      .filter((name) => String(name).endsWith('.js'))
      .map((name) => readFileSync(path.join(outDir, String(name)), 'utf8'))
      .join('\n');
    expect(code).not.toContain('react-dom-server.node.development');
  });
});
