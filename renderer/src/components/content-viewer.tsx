import type { OpenedContent } from '../../../shared/ipc/library';
import { usePlaces } from '../hooks/use-places';
import { AudioViewer } from './audio-viewer';
import { EpubReader } from './epub-reader';
import { ImageViewer } from './image-viewer';
import { PdfViewer } from './pdf-viewer';
import { SoftwarePackage } from './software-package';
import { TextDocument } from './text-document';

/**
 * The in-app viewer: one element per kind of file, each loading the bytes from the URL that
 * `content.open` gave (decrypted on the fly by main; never a file on disk).
 */
export function ContentViewer({ content }: { content: OpenedContent }) {
  const mime = content.mime.split(';')[0]?.trim().toLowerCase() ?? '';
  const places = usePlaces(content.contentId);
  if (content.kind === 'software') {
    return <SoftwarePackage contentId={content.contentId} url={content.url} />;
  }
  // The EPUB reader waits for its places itself, so the book loads meanwhile (docs/design.md
  // §11.5); the others would open at the start and then jump.
  if (mime === 'application/epub+zip') {
    return <EpubReader url={content.url} title={content.title} places={places} />;
  }
  if ((mime === 'application/pdf' || mime.startsWith('audio/')) && !places.ready) {
    return <p aria-busy="true">Opening…</p>;
  }
  if (mime === 'text/markdown' || mime === 'text/x-markdown') {
    return <TextDocument url={content.url} markdown />;
  }
  if (mime.startsWith('text/') || mime === 'application/json') {
    return <TextDocument url={content.url} markdown={false} />;
  }
  if (mime.startsWith('image/')) {
    return <ImageViewer url={content.url} title={content.title} />;
  }
  if (mime === 'application/pdf') {
    return <PdfViewer url={content.url} title={content.title} places={places} />;
  }
  if (mime.startsWith('audio/')) {
    return (
      <AudioViewer
        contentId={content.contentId}
        url={content.url}
        title={content.title}
        chapters={content.chapters}
        places={places}
      />
    );
  }
  if (mime.startsWith('video/')) {
    return (
      <video
        className="viewer-video"
        controls
        src={content.url}
        aria-label={`Play ${content.title}`}
      />
    );
  }
  return (
    <p>
      This kind of file ({content.mime}) cannot be shown inside Shelfkeeper. It stays safe in your
      library.
    </p>
  );
}
