import { fileURLToPath } from 'node:url';
import {
  SCHEMA_FILE,
  SHARED_FILE,
  SQL_FILE,
  typecheckWithOverlay,
  withThrowawayColumn,
} from './lib/library-column-probe';

// Adds a throw-away library column on an in-memory overlay (the working tree is never written)
// and prints the files the TypeScript compiler points to: first with only the shared
// declaration, then with its SQL too. test/unit/core/store/library-rows-sql.test.ts shows the
// last piece, the migration, being asked for by the schema check and generated.
const root = fileURLToPath(new URL('..', import.meta.url));
const column = withThrowawayColumn(root);

const steps: { title: string; overlay: Record<string, string> }[] = [
  {
    title: `1. the column declared in ${SHARED_FILE} and ${SCHEMA_FILE}`,
    overlay: column.shared,
  },
  {
    title: `2. and its SQL in ${SQL_FILE}`,
    overlay: { ...column.shared, [SQL_FILE]: column.sql },
  },
];
for (const step of steps) {
  const result = typecheckWithOverlay(root, step.overlay);
  console.log(`${step.title}: ${result.files.length} file(s) with errors (${result.ms} ms)`);
  for (const [project, files] of Object.entries(result.errors)) {
    console.log(`   ${project}: ${files.length ? files.join(', ') : 'clean'}`);
  }
}
