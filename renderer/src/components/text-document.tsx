import { useContentBody } from '../hooks/use-content-body';
import { MarkdownView } from './markdown-view';

interface Props {
  url: string;
  markdown: boolean;
}

/** Fetches a text content from its viewer URL and shows it as plain text or safe Markdown. */
export function TextDocument({ url, markdown }: Props) {
  const { body: text, failed } = useContentBody(url, 'text');

  if (failed) {
    return (
      <p className="error-message" role="alert">
        The content could not be read. Please try again.
      </p>
    );
  }
  if (text === null) return <p aria-busy="true">Opening…</p>;
  return (
    <article className="document" tabIndex={0} aria-label="Document">
      {markdown ? <MarkdownView source={text} /> : <pre className="plain-text">{text}</pre>}
    </article>
  );
}
