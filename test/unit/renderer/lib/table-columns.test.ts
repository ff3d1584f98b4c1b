import { describe, expect, it } from 'vitest';
import type { LibraryColumnName } from '../../../../shared/ipc/library-columns';
import { placeColumn, stepColumn } from '../../../../renderer/src/lib/table-columns';

const order: LibraryColumnName[] = ['title', 'creator', 'addedAt', 'kind', 'version'];

describe('placeColumn (a header dropped on another)', () => {
  it('puts the column before or after the target', () => {
    expect(placeColumn(order, 'version', 'creator', 'before')).toEqual([
      'title',
      'version',
      'creator',
      'addedAt',
      'kind',
    ]);
    expect(placeColumn(order, 'title', 'kind', 'after')).toEqual([
      'creator',
      'addedAt',
      'kind',
      'title',
      'version',
    ]);
  });

  it('leaves the order as it is for a drop on itself or an unknown column', () => {
    expect(placeColumn(order, 'kind', 'kind', 'after')).toEqual(order);
    expect(placeColumn(order, 'kind', 'tags', 'before')).toEqual(order);
  });
});

describe('stepColumn (Alt+Left/Right on a header)', () => {
  // addedAt is hidden: a step moves past the neighbour on screen, not past the hidden column.
  const shown: LibraryColumnName[] = ['title', 'creator', 'kind', 'version'];

  it('moves one place among the shown columns, hidden ones keeping their place', () => {
    expect(stepColumn(order, shown, 'kind', -1)).toEqual([
      'title',
      'kind',
      'creator',
      'addedAt',
      'version',
    ]);
    expect(stepColumn(order, shown, 'creator', 1)).toEqual([
      'title',
      'addedAt',
      'kind',
      'creator',
      'version',
    ]);
  });

  it('does nothing at either end', () => {
    expect(stepColumn(order, shown, 'title', -1)).toEqual(order);
    expect(stepColumn(order, shown, 'version', 1)).toEqual(order);
  });
});
