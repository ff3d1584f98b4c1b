import { unzipSync } from 'fflate';
import { useContentBody } from '../hooks/use-content-body';
import { formatBytes } from '../lib/format';

interface Entry {
  name: string;
  detail: string;
}

/** What a package holds: a zip's files, a manifest's fields, or just its size; never raw bytes. */
function describe(bytes: Uint8Array): Entry[] {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const entries: Entry[] = [];
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ name: file.name, detail: formatBytes(file.originalSize) });
        return false; // listed, not extracted
      },
    });
    return entries;
  }
  try {
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (manifest && typeof manifest === 'object' && !Array.isArray(manifest))
      return Object.entries(manifest).map(([name, value]) => ({
        name,
        detail: Array.isArray(value) ? value.join(', ') : String(value),
      }));
  } catch {
    // Not a manifest: described by its size below.
  }
  return [{ name: 'File', detail: formatBytes(bytes.length) }];
}

/** A software item: its contents listed, and a copy saved where the user chooses. */
export function SoftwarePackage({ url, title }: { url: string; title: string }) {
  const { body: bytes, failed } = useContentBody(url, 'bytes');

  if (failed) return <p role="alert">The package could not be read. Please try again.</p>;
  if (!bytes) return <p aria-busy="true">Opening…</p>;
  const save = () => {
    // The browser (or Electron's download handler) asks where to save the copy.
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([bytes as BlobPart]));
    link.download = title.replace(/[^\w.-]+/g, '-');
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  return (
    <section className="software-package" aria-label="Package contents">
      <dl className="package-contents" data-testid="package-contents">
        {describe(bytes).map((entry) => (
          <div key={entry.name}>
            <dt>{entry.name}</dt>
            <dd>{entry.detail}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={save}>
        Save a copy…
      </button>
    </section>
  );
}
