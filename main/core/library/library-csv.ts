import type { LibraryItem } from '../../../shared/ipc/library';
import { toCsv } from '../csv';

/** The library's table as CSV: one row per item, plain values a spreadsheet can sort. */
export function libraryCsv(items: readonly LibraryItem[]): string {
  return toCsv(
    [
      'title',
      'creator',
      'kind',
      'version',
      'purchased_at',
      'price_cents',
      'return_deadline',
      'size_bytes',
      'on_this_device',
      'state',
      'tags',
      'content_id',
    ],
    items.map((item) => [
      item.title,
      item.creator,
      item.kind,
      item.version,
      item.issuedAt,
      item.priceCents,
      item.returnDeadline,
      item.size,
      item.downloaded ? 'yes' : 'no',
      item.state,
      item.tags.join('; '),
      item.contentId,
    ]),
  );
}
