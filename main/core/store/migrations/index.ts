import type { Migration } from '../migrations';
import { initial } from './0001-initial';
import { librarySearch } from './0002-library-search';
import { libraryTotals } from './0003-library-totals';
import { libraryRows } from './0004-library-rows';
import { libraryColumns } from './0005-return-kinds-and-library-columns';
import { tradeInKind } from './0006-trade-in-kind';
import { deviceSecret } from './0007-device-secret';
import { ledgerItems } from './0008-ledger-items';
import { places } from './0009-places';
import { libraryTable } from './0010-library-table';
import { catalogCovers } from './0011-catalog-covers';
import { narrowSearchIndex } from './0012-narrow-search-index';
import { outboxSize } from './0013-outbox-size';

/**
 * The local store's migrations, in order. Never edit a shipped one (stores record each by version
 * and name, and test/unit/core/store/migrations/shipped.test.ts holds their SQL's hashes): add the
 * next number.
 */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  librarySearch,
  libraryTotals,
  libraryRows,
  libraryColumns,
  tradeInKind,
  deviceSecret,
  ledgerItems,
  places,
  libraryTable,
  catalogCovers,
  narrowSearchIndex,
  outboxSize,
];
