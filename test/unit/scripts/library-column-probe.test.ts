import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  SCHEMA_FILE,
  SHARED_FILE,
  SQL_FILE,
  typecheckWithOverlay,
  withThrowawayColumn,
} from '../../../scripts/lib/library-column-probe';

/**
 * The light half of scripts/library-column-probe.ts (which checks every project, minutes on a
 * busy machine): a throw-away column declared in shared/ (its list entry alone makes the compiler
 * point at its value contract; both make it point at the core's SQL declaration), and declaring
 * its SQL there satisfies it. Checked from that one file, whose
 * import graph is small. The migration it then needs is library-rows-sql.test.ts's part.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('adding a library column', () => {
  it('is pointed at by the compiler: the SQL declaration, then nothing', () => {
    const column = withThrowawayColumn(root);
    const check = (overlay: Record<string, string>) =>
      typecheckWithOverlay(root, overlay, ['tsconfig.node.json'], [SQL_FILE]).files;
    expect(check({})).toEqual([]);
    expect(check({ [SHARED_FILE]: column.shared[SHARED_FILE]! })).toContain(SCHEMA_FILE);
    expect(check(column.shared)).toEqual([SQL_FILE]);
    expect(check({ ...column.shared, [SQL_FILE]: column.sql })).toEqual([]);
  }, 120_000);
});
