import { libraryRowsRebuild } from '../main/core/store/library-rows-sql';

// Prints the SQL of a migration that brings library_rows to the current column declaration
// (shared/ipc/library-columns.ts, main/core/store/library-columns-sql.ts). Paste it, as is,
// into the next main/core/store/migrations/NNNN-….ts: a shipped migration is frozen text, so it
// never calls the generator (test/unit/core/store/migrations/shipped.test.ts pins it).
process.stdout.write(libraryRowsRebuild());
