import type { Migration } from '../migrations';

/**
 * The device secret the license server issues at every sign-in (docs/design.md §7.7): sent with
 * the next sign-in, it proves this is a known device, whose sign-ins are counted apart from an
 * attacker's guesses. Kept next to the bearer token, in the encrypted store only.
 */
export const deviceSecret: Migration = {
  version: 7,
  name: 'device-secret',
  sql: `
      ALTER TABLE account ADD COLUMN device_secret TEXT;
  `,
};
