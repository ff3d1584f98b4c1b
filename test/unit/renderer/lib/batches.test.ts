import { describe, expect, it } from 'vitest';
import { LIBRARY_BATCH_MAX } from '../../../../shared/ipc/library';
import { inBatches } from '../../../../renderer/src/lib/batches';

describe('bulk calls in batches', () => {
  it('split a large selection into calls the bridge accepts, in order, one at a time', async () => {
    const ids = Array.from({ length: LIBRARY_BATCH_MAX * 2 + 3 }, (_, i) => `id-${i}`);
    const seen: string[][] = [];
    let running = 0;
    const answers = await inBatches(ids, async (batch) => {
      running += 1;
      expect(running).toBe(1);
      seen.push(batch);
      await Promise.resolve();
      running -= 1;
      return batch.length;
    });
    expect(answers).toEqual([LIBRARY_BATCH_MAX, LIBRARY_BATCH_MAX, 3]);
    expect(seen.flat()).toEqual(ids);
    expect(await inBatches([], async () => 1)).toEqual([]);
  });
});
