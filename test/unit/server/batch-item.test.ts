import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { eachOnItsOwn } from '../../../server/services/batch-item';

describe('eachOnItsOwn', () => {
  it('answers a refusal as its own item and still runs the next ones', async () => {
    const ran: number[] = [];
    const results = await eachOnItsOwn([1, 2, 3], async (n) => {
      ran.push(n);
      if (n === 2) throw new AppError('NOT_FOUND');
      return n * 10;
    });
    expect(ran).toEqual([1, 2, 3]);
    expect(results.map((r) => (r.ok ? r.value : (r.error as AppError).code))).toEqual([
      10,
      'NOT_FOUND',
      30,
    ]);
  });

  it('ends the batch at an error not of ours: the items after it get that error untried', async () => {
    const ran: number[] = [];
    const failure = new Error('disk full');
    const results = await eachOnItsOwn([1, 2, 3, 4], async (n) => {
      ran.push(n);
      if (n === 2) throw failure;
      return n;
    });
    expect(ran).toEqual([1, 2]);
    expect(results).toEqual([
      { ok: true, value: 1 },
      { ok: false, error: failure },
      { ok: false, error: failure },
      { ok: false, error: failure },
    ]);
  });

  it('throws an error that ends everything, for the caller to answer every item with it', async () => {
    const gone = new Error('transaction gone');
    await expect(
      eachOnItsOwn(
        [1, 2, 3],
        async (n) => {
          if (n === 2) throw gone;
          return n;
        },
        (error) => error === gone,
      ),
    ).rejects.toBe(gone);
  });
});
