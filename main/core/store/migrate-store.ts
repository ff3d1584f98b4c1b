import type { Database } from 'better-sqlite3-multiple-ciphers';
import { runMigrations } from './migrations';
import { MIGRATIONS } from './migrations/index';
import { syncReturnKinds } from './return-kinds';

/** Brings a store's schema up to date: its migrations, then the lists kept from the contracts. */
export function migrateStore(db: Database): number[] {
  const done = runMigrations(db, MIGRATIONS);
  syncReturnKinds(db);
  return done;
}
