import { writeFileSync } from 'node:fs';

/**
 * Test-only: when SHELF_CORE_TEST_PAUSE_AFTER_RECEIPT names a file, the core writes it once the
 * receipt is stored and then never deletes the files, so a test can SIGKILL the process at the
 * exact point the return flow must survive. Unset in every real run.
 */
export const PAUSE_AFTER_RECEIPT_ENV = 'SHELF_CORE_TEST_PAUSE_AFTER_RECEIPT';

export async function pauseAfterReceiptForTests(): Promise<void> {
  const marker = process.env[PAUSE_AFTER_RECEIPT_ENV];
  if (!marker) return;
  writeFileSync(marker, String(process.pid));
  // A live timer keeps the process up (an empty event loop would exit) until the test kills it.
  await new Promise<never>(() => setInterval(() => {}, 60_000));
}
