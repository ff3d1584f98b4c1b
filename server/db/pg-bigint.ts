import pg from 'pg';

const INT8_OID = 20;

/**
 * `pg` answers `bigint` (int8) as a string, since a 64-bit value may not fit a JS number. Every
 * amount the contract allows is far below 2^53, and counts are small: parse them to numbers, and
 * fail the query loudly rather than round a value that does not fit.
 */
export function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`A bigint outside the safe integer range: ${text}`);
  }
  return value;
}

/** The pool's type parsers: int8 as a safe number, everything else as `pg` does by default. */
export const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseBigint
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
