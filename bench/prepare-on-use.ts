import Database from 'better-sqlite3-multiple-ciphers';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { prepareOnUse } from '../main/core/store/prepare-on-use';
import type { Figure } from './lib/results';
import { median } from './lib/stats';

/**
 * Micro-benchmark: what a statement compiled at its first use (main/core/store/prepare-on-use.ts)
 * adds to each call, against the same statement compiled eagerly, in one process. A primary-key
 * read of one value, the cheapest call, so the hand-off is a visible part of it. Two shapes, as
 * the store calls its statements: an option set once, and an option set at each call
 * (`prepared(sql).pluck().get()`, library-queries.ts). Other jobs share the machine, so each
 * round times both kinds back to back (order flipped each round) and the figure is the median
 * of the rounds' differences.
 */
export interface PrepareOnUseOptions {
  calls: number;
  rounds: number;
}

type Loop = (statement: Statement<[number], unknown>, calls: number) => void;
type Loops = Record<'get()' | 'pluck().get()', Loop>;

// Each kind's loops are their own code: each call site sees one kind of statement, as the
// store's do (a site that saw both would measure V8's polymorphic dispatch instead).
const EAGER_LOOPS: Loops = {
  'get()': (statement, calls) => {
    for (let i = 0; i < calls; i++) statement.get(1 + (i % 1000));
  },
  'pluck().get()': (statement, calls) => {
    for (let i = 0; i < calls; i++) statement.pluck().get(1 + (i % 1000));
  },
};
const ON_USE_LOOPS: Loops = {
  'get()': (statement, calls) => {
    for (let i = 0; i < calls; i++) statement.get(1 + (i % 1000));
  },
  'pluck().get()': (statement, calls) => {
    for (let i = 0; i < calls; i++) statement.pluck().get(1 + (i % 1000));
  },
};

function timed(loop: Loop, statement: Statement<[number], unknown>, calls: number): number {
  const started = process.hrtime.bigint();
  loop(statement, calls);
  return Number(process.hrtime.bigint() - started) / calls;
}

export function benchPrepareOnUse(options: PrepareOnUseOptions): Figure[] {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
           WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 1000)
           INSERT INTO t SELECT id, 'name ' || id FROM n`);
  const sql = 'SELECT name FROM t WHERE id = ?';
  const eager = db.prepare<[number], unknown>(sql).pluck();
  const onUse = prepareOnUse(db).prepare<[number], unknown>(sql).pluck();
  const group = 'app store: statements compiled on first use (micro)';
  const figures: Figure[] = [];
  for (const shape of ['get()', 'pluck().get()'] as const) {
    const eagerLoop = EAGER_LOOPS[shape];
    const onUseLoop = ON_USE_LOOPS[shape];
    // Warm: compiled, JIT-optimised, the table's pages in cache.
    eagerLoop(eager, 50_000);
    onUseLoop(onUse, 50_000);
    const eagerNs: number[] = [];
    const onUseNs: number[] = [];
    const differences: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      let a: number;
      let b: number;
      if (round % 2 === 0) {
        a = timed(eagerLoop, eager, options.calls);
        b = timed(onUseLoop, onUse, options.calls);
      } else {
        b = timed(onUseLoop, onUse, options.calls);
        a = timed(eagerLoop, eager, options.calls);
      }
      eagerNs.push(a);
      onUseNs.push(b);
      differences.push(b - a);
    }
    const note = `${options.rounds} rounds of ${options.calls} calls, each kind in turn`;
    figures.push(
      { group, name: `${shape}, eager statement`, value: median(eagerNs), unit: 'ns/call' },
      { group, name: `${shape}, compiled on use`, value: median(onUseNs), unit: 'ns/call' },
      {
        group,
        name: `${shape}, on use − eager (median of the rounds' differences)`,
        value: median(differences),
        unit: 'ns/call',
        note,
      },
    );
  }
  db.close();
  return figures;
}
