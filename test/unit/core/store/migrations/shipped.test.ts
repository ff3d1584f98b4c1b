import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../main/core/store/migrations/index';

/**
 * Stores record their migrations by version and name and never run one twice: a shipped
 * migration's SQL edited in place would leave existing stores and new ones with different
 * schemas. A new migration adds its line here; an existing line never changes.
 */
const SHIPPED: Record<number, string> = {
  1: 'initial e97b751ceccf61a0c6ae74346a4c369486e2d270df80df72900e0508c53a13f6',
  2: 'library-search 8b91ff25105fc0399755de44e3dab21d743869476572607eece2fc753811b21c',
  3: 'library-totals 6610005b1beb1d74e36e0d3838ccb9a1fa32f5d9530fccec3c52485cf5e3763b',
  4: 'library-rows 3baa5900aaff9c9e3345875f03116af7ffd0544c3ffa45a2835a29d929892cdc',
  5: 'return-kinds-and-library-columns ddad7ffacb808485a5c158413f7d5ef16295511b7d8246fd6b805b6663b2073c',
  6: 'trade-in-kind a11cb7586ab9a2762f85851baf80cfc8f6a8157e892da8244d5fa6b1e9dde019',
  7: 'device-secret 0fde82bb10bffe7c0216f00bf6a76ba2fef044e2e074487a914a9db98be11e1e',
  8: 'ledger-items 8c6f905f19a3be2318d58d4ae102eb1f20c834e245ab45d4c2386f8fbe309127',
  9: 'places 88ea87706f88270286fece81f7a8291aa805e3b06c3a815a09f92986e356f72c',
  10: 'library-table d7f8f1d4b9c8a52473d2f187219b1ad9116d28f52875f8cd7d42d3709543e440',
  11: 'catalog-covers 5d0f4988f8253fa3da5e7d8e36c6e63e10688566220f3b121bae67861167d4b5',
  12: 'narrow-search-index 9413c176862f6c35de2f192676d90b59e625b15f60e1e6f417151715248344b6',
  13: 'outbox-size b56d97d68105a40d3bfbbbafab0d37d5c78bfea1a68899dc4f0846bc86199e7e',
};

describe('shipped store migrations', () => {
  it('are numbered 1, 2, 3 … and their SQL is byte for byte what shipped', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      MIGRATIONS.map((_, index) => index + 1),
    );
    for (const migration of MIGRATIONS) {
      const hash = createHash('sha256').update(migration.sql).digest('hex');
      expect(`${migration.name} ${hash}`, `migration ${migration.version}`).toBe(
        SHIPPED[migration.version],
      );
    }
  });
});
