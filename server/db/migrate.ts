import type { Kysely, Migration } from 'kysely';
import { Migrator } from 'kysely';
import * as initial from './migrations/0001-initial';
import * as returnsPaging from './migrations/0002-returns-paging';
import * as orders from './migrations/0006-orders';

/** Numbered migrations, applied in name order. Never edit a shipped one; add the next number. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-returns-paging': returnsPaging,
  '0006-orders': orders,
};

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
