import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PolicyTerms } from '../../../../renderer/src/components/policy-terms';
import { LedgerTable } from '../../../../renderer/src/components/ledger-table';
import { formatPoints } from '../../../../renderer/src/lib/format';
import { privilegeView } from '../../../../renderer/src/lib/privilege-views';
import {
  KIND_WORDING,
  offlineExplain,
  offlineLabel,
  policyTermsLine,
} from '../../../../renderer/src/lib/return-kind-wording';
import { policyTerms } from '../../../../shared/returns/policy-terms';
import { PRIVILEGE_TYPES } from '../../../../shared/returns/privileges';
import { RETURN_KINDS } from '../../../../shared/returns/return-kinds';
import { sampleCatalogItem, sampleReceipt } from '../../../fixtures/contract-samples';
import { SAMPLE_OFFERS, SAMPLE_TERMS, sampleGrants } from '../../../fixtures/registry-samples';

const context = { version: 1, latestVersion: 2, worth: (pct: number) => `${pct} points` };

describe('renderer wording of each return kind', () => {
  it.each(RETURN_KINDS)(
    '%s has every wording, its policy terms line and its ledger reason',
    (kind) => {
      const wording = KIND_WORDING[kind];
      for (const text of [
        wording.name,
        wording.verb,
        offlineLabel(kind, SAMPLE_TERMS[kind], context),
        offlineExplain(kind, SAMPLE_TERMS[kind], context),
      ]) {
        expect(text.trim()).not.toBe('');
      }
      expect(wording.pointsExplain(700, 'worth $7.00')).toContain('700 points');
      expect(policyTermsLine(kind, SAMPLE_TERMS[kind], context)).not.toBe('');

      const item = sampleCatalogItem({
        returnPolicy: {
          windowDays: 30,
          ...policyTerms((k) => (k === kind ? SAMPLE_TERMS[k] : null)),
          limitPer30Days: null,
        },
      });
      const terms = render(<PolicyTerms item={item} />);
      const worth = (pct: number) => formatPoints(Math.floor((item.priceCents * pct) / 100));
      expect(terms.container.textContent).toContain(
        policyTermsLine(kind, SAMPLE_TERMS[kind], { ...item, worth }),
      );
      terms.unmount();

      const entry = {
        id: 'e1',
        delta: 5,
        reason: kind,
        reference: null,
        item: { contentId: 'c1', title: 'The Quiet Shelf', version: 2 },
        balanceAfter: 5,
        createdAt: new Date().toISOString(),
      };
      const ledger = render(<LedgerTable entries={[entry]} />);
      expect(ledger.container.textContent).toContain(wording.ledgerReason);
      expect(ledger.container.textContent).toContain('The Quiet Shelf (version 2)');
      ledger.unmount();
    },
  );
});

describe('renderer views of each privilege type', () => {
  it.each(PRIVILEGE_TYPES)('%s is offered, confirmed, noticed and listed in words', (type) => {
    const view = privilegeView(type);
    const grant = sampleGrants()[type];
    const receipt = sampleReceipt({ privilege: grant });
    expect(view.offerText(SAMPLE_OFFERS[type])).not.toBe('');
    for (const kind of RETURN_KINDS)
      expect(view.explain(SAMPLE_OFFERS[type], kind, 1)).not.toBe('');
    expect(view.headline(grant)).not.toBe('');
    expect(view.short(grant)).not.toBe('');
    expect(view.noticeDetail(grant, 100)).not.toBe('');
    expect(view.confirmationAction(grant).href).toMatch(/^#\//);
    const detail = render(<>{view.confirmationDetail(grant, 1234)}</>);
    expect(detail.container.textContent).not.toBe('');
    detail.unmount();
    expect(() => view.upgradeItem(grant, receipt)).not.toThrow();
  });
});
