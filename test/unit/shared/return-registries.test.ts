import { describe, expect, it } from 'vitest';
import { CORE_PRIVILEGES } from '../../../main/core/returns/privilege-effects';
import { OFFLINE_RULES } from '../../../main/core/returns/offline-rules';
import { SERVER_PRIVILEGES } from '../../../server/services/privileges/registry';
import { returnOptions } from '../../../server/services/pricing';
import {
  SERVER_RETURN_KINDS,
  termsFromColumns,
  termsToColumns,
} from '../../../server/services/return-kinds/registry';
import type { TermsColumns } from '../../../server/services/return-kinds/return-kind';
import { returnPolicySchema } from '../../../shared/api/catalog';
import { ledgerReasonSchema } from '../../../shared/api/wallet';
import { POLICY_TERMS, policyTerms, termsOf } from '../../../shared/returns/policy-terms';
import {
  PRIVILEGE_TYPES,
  privilegeGrantSchema,
  privilegeOfferSchema,
  webhookPrivilegeSchema,
} from '../../../shared/returns/privileges';
import { RETURN_KINDS, returnKindSchema } from '../../../shared/returns/return-kinds';
import { sampleReceipt } from '../../fixtures/contract-samples';
import { SAMPLE_OFFERS, SAMPLE_TERMS, sampleGrants } from '../../fixtures/registry-samples';

/** A policy offering only `kind`, on its sample terms. */
const onlyKind = (kind: (typeof RETURN_KINDS)[number]) => ({
  windowDays: 30,
  ...policyTerms((k) => (k === kind ? SAMPLE_TERMS[k] : null)),
  limitPer30Days: null,
});

describe('return kinds registry', () => {
  it('is the one list behind the kind enum and the ledger reasons', () => {
    expect(returnKindSchema.options).toEqual([...RETURN_KINDS]);
    for (const kind of RETURN_KINDS) expect(ledgerReasonSchema.safeParse(kind).success).toBe(true);
    expect(returnKindSchema.safeParse('collection').success).toBe(false);
  });

  it.each(RETURN_KINDS)(
    '%s has policy terms, stored columns, an offer and an offline rule',
    (kind) => {
      const policy = returnPolicySchema.parse(onlyKind(kind));
      expect(termsOf(policy, kind)).toEqual(SAMPLE_TERMS[kind]);
      expect(Object.keys(policy)).toContain(POLICY_TERMS[kind].field);

      // Columns round trip, and "not offered" clears every column of the kind.
      const columns = { ...nullColumns(), ...termsToColumns(kind, SAMPLE_TERMS[kind]) };
      expect(termsFromColumns(kind, columns)).toEqual(SAMPLE_TERMS[kind]);
      expect(termsFromColumns(kind, { ...columns, ...termsToColumns(kind, null) })).toBeNull();

      const options = returnOptions({ policy, paidCents: 1000, upgrade: null });
      expect(options.map((o) => o.kind)).toEqual([kind]);
      expect(typeof SERVER_RETURN_KINDS[kind].usesUpgradeTarget).toBe('boolean');
      expect(OFFLINE_RULES[kind](SAMPLE_TERMS[kind] as never, { newerVersion: true })).toBe(true);
    },
  );

  it('a policy offering no kind is refused', () => {
    const none = { windowDays: 30, ...policyTerms(() => null), limitPer30Days: null };
    expect(returnPolicySchema.safeParse(none).success).toBe(false);
  });
});

describe('privilege types registry', () => {
  it.each(PRIVILEGE_TYPES)(
    '%s has an offer, a grant and a webhook form, and a module per side',
    (type) => {
      const grant = sampleGrants()[type];
      expect(privilegeOfferSchema.parse(SAMPLE_OFFERS[type]).type).toBe(type);
      expect(privilegeGrantSchema.parse(grant).type).toBe(type);
      const receipt = sampleReceipt({ privilege: grant });
      const server = SERVER_PRIVILEGES[type];
      const webhook = server.webhook(grant as never, receipt);
      expect(webhookPrivilegeSchema.parse(webhook).type).toBe(type);
      expect(server.honour(SAMPLE_OFFERS[type] as never, undefined)).toEqual(SAMPLE_OFFERS[type]);
      const csv = CORE_PRIVILEGES[type].csv(grant as never);
      expect(Object.keys(csv).sort()).toEqual(['points', 'upgradeContentId']);
    },
  );

  it('a quote locks points only: an upgrade is always to the newest version', () => {
    const quoted = { type: 'points' as const, points: 900 };
    expect(SERVER_PRIVILEGES.points.honour({ type: 'points', points: 100 }, quoted)).toEqual(
      quoted,
    );
    expect(SERVER_PRIVILEGES.upgrade.honour(SAMPLE_OFFERS.upgrade, quoted)).toEqual(
      SAMPLE_OFFERS.upgrade,
    );
  });
});

function nullColumns(): TermsColumns {
  return { buyback_rate_pct: null, trade_in_type: null, trade_in_rate_pct: null };
}
