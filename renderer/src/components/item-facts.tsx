import type { LibraryItemDetail } from '../../../shared/ipc/library';
import {
  deadlineText,
  formatBytes,
  formatDateTime,
  formatMoney,
  kindLabel,
  offlineText,
} from '../lib/format';

/** Metadata and license of a library item, as a description list. */
export function ItemFacts({ item }: { item: LibraryItemDetail }) {
  return (
    <div className="facts-grid">
      <section className="card">
        <h2>Content</h2>
        <dl className="facts">
          <dt>Kind</dt>
          <dd>{kindLabel(item.kind)}</dd>
          <dt>Version</dt>
          <dd>
            {item.version}
            {item.latestVersion > item.version ? ` (version ${item.latestVersion} is out)` : ''}
          </dd>
          <dt>Size</dt>
          <dd>{formatBytes(item.size)}</dd>
          <dt>Format</dt>
          <dd>{item.mime}</dd>
          <dt>On this device</dt>
          <dd>{item.downloaded ? 'Downloaded' : 'Not downloaded'}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>License</h2>
        <dl className="facts">
          <dt>Issued</dt>
          <dd>{formatDateTime(item.issuedAt)}</dd>
          <dt>For version</dt>
          <dd>{item.version}</dd>
          <dt>Purchase</dt>
          <dd>
            {formatMoney(item.priceCents)}{' '}
            <span className="mono">#{item.purchaseId.slice(0, 8)}</span>
          </dd>
          <dt>Return window</dt>
          <dd>{item.returnPolicy ? deadlineText(item.returnDeadline) : 'No returns'}</dd>
          <dt>Signature</dt>
          <dd>
            {item.licenseValid ? 'Verified' : 'Could not be verified: the content cannot be opened'}
          </dd>
          <dt>Offline use</dt>
          <dd data-testid="offline-until">
            {offlineText(item.offlineUntil, item.offlineClockBehind)}
          </dd>
        </dl>
      </section>
    </div>
  );
}
