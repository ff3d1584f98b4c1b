import { LIBRARY_BATCH_MAX } from '../../../shared/ipc/library-batch';

/**
 * Runs a bulk call over `ids` in batches of at most LIBRARY_BATCH_MAX, one after the other, and
 * returns each batch's answer in order: a select-all of 100,000 items is five calls.
 */
export async function inBatches<T>(
  ids: readonly string[],
  call: (batch: string[]) => Promise<T>,
): Promise<T[]> {
  const answers: T[] = [];
  for (let start = 0; start < ids.length; start += LIBRARY_BATCH_MAX) {
    answers.push(await call(ids.slice(start, start + LIBRARY_BATCH_MAX)));
  }
  return answers;
}
