import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PRIVILEGE_TYPE_PROBE,
  RETURN_KIND_PROBE,
  probeRegistry,
} from '../../../scripts/lib/registry-probe';
import { PRIVILEGE_TYPES } from '../../../shared/returns/privileges';
import { RETURN_KINDS } from '../../../shared/returns/return-kinds';

const ROOT = process.cwd();
const SOURCES = ['main', 'preload', 'renderer/src', 'server', 'shared'];

/** The modules that may name a kind or privilege type: the registries' own entries. */
const DISPATCH_MODULES = [
  'shared/returns/',
  'server/services/return-kinds/',
  'server/services/privileges/',
  'main/core/returns/offline-rules.ts',
  'main/core/returns/upgrade-grants.ts',
  'main/core/returns/privilege-effects.ts',
  'renderer/src/lib/return-kind-wording.ts',
  'renderer/src/lib/privilege-views.tsx',
];

function sourceFiles(): string[] {
  return SOURCES.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file))
      .map((file) => `${dir}/${file}`),
  );
}

describe('registry dispatch', () => {
  it('no source outside the registry modules compares against a kind or privilege name', () => {
    const names = [...RETURN_KINDS, ...PRIVILEGE_TYPES].join('|');
    // `x.type === 'points'`, `kind !== 'buyback'`, `case 'upgrade':` … (a payment `method` of
    // 'points' is another concept).
    const check = new RegExp(`(?:(?:type|kind|reason)\\s*[!=]==\\s*|case\\s+)'(?:${names})'`, 'i');
    const offenders = sourceFiles()
      .filter((file) => !DISPATCH_MODULES.some((allowed) => file.startsWith(allowed)))
      .filter((file) => !file.startsWith('server/db/migrations/'))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, i) => (check.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('the old name of the trade-in kind is gone from the sources (migrations apart)', () => {
    const offenders = sourceFiles().filter(
      (file) =>
        !file.startsWith('server/db/migrations/') &&
        !file.startsWith('main/core/store/migrations/') &&
        /'collection'|\bcollection_(?:type|rate_pct)\b/.test(
          readFileSync(join(ROOT, file), 'utf8'),
        ),
    );
    expect(offenders).toEqual([]);
  });
});

// The full probe type-checks the node and web projects (30 s to over 2 min on a busy 2-core
// machine), so it runs on demand: SHELF_REGISTRY_PROBE=1, or scripts/add-registry-name-probe.ts.
describe.runIf(process.env.SHELF_REGISTRY_PROBE === '1')('adding a registry name', () => {
  it.each([
    ['a fourth return kind', RETURN_KIND_PROBE],
    ['a third privilege type', PRIVILEGE_TYPE_PROBE],
  ])(
    '%s: the compiler points at 8 source files at most',
    (_name, probe) => {
      const files = probeRegistry(ROOT, probe);
      console.log([...files.keys()].join('\n'));
      expect(files.size).toBeGreaterThan(0);
      expect(files.size).toBeLessThanOrEqual(8);
      // Only the registries' own modules need the new name: nothing else dispatches on it.
      for (const file of files.keys()) {
        expect(
          DISPATCH_MODULES.some((allowed) => file.startsWith(allowed)),
          file,
        ).toBe(true);
      }
    },
    600_000,
  );
});
