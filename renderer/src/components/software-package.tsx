import { unzipSync } from 'fflate';
import { useState } from 'react';
import { getShelf } from '../lib/shelf';
import { errorCode, errorSentence } from '../lib/errors';
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

/** Codes whose message (from the core) names the file or the reason, said as is. */
const SPECIFIC = new Set(['FOLDER_INVALID', 'FILE_EXISTS', 'PACKAGE_UNSAFE']);

function saveError(error: unknown): string {
  const code = errorCode(error);
  const message = (error as { message?: unknown } | null)?.message;
  return code && SPECIFIC.has(code) && typeof message === 'string' ? message : errorSentence(error);
}

/** A software item: its contents listed, and a copy saved where the user chooses. */
export function SoftwarePackage({ contentId, url }: { contentId: string; url: string }) {
  const { body: bytes, failed } = useContentBody(url, 'bytes');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  if (failed) return <p role="alert">The package could not be read. Please try again.</p>;
  if (!bytes) return <p aria-busy="true">Opening…</p>;
  const save = async () => {
    setSaving(true);
    setOutcome(null);
    try {
      const saved = await getShelf().invoke('content.saveToFolder', { contentId });
      if (saved.method === 'folder') {
        const count = saved.files.length;
        setOutcome({
          ok: true,
          text: `Saved ${count === 1 ? saved.files[0] : `${count} files`} to ${saved.folder}.`,
        });
      } else if (saved.method === 'download') {
        // No folder dialog in a browser: the package file is downloaded (main serves it as an
        // attachment), and the browser asks where or uses its downloads folder.
        const link = document.createElement('a');
        link.href = saved.url;
        link.download = saved.filename;
        link.click();
        setOutcome({
          ok: true,
          text: `Your browser is saving ${saved.filename} (it may ask where).`,
        });
      }
    } catch (error) {
      setOutcome({ ok: false, text: saveError(error) });
    } finally {
      setSaving(false);
    }
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
      <button type="button" onClick={() => void save()} disabled={saving}>
        Save to a folder…
      </button>
      <p role="status" className="save-outcome" data-testid="save-outcome">
        {outcome?.ok ? outcome.text : null}
      </p>
      {outcome && !outcome.ok ? (
        <p role="alert" className="error-message">
          {outcome.text}
        </p>
      ) : null}
    </section>
  );
}
