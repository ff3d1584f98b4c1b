import type { ReactNode } from 'react';
import type { Block, Inline } from '../lib/markdown';
import { isSafeHref, parseMarkdown } from '../lib/markdown';

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'strong':
        return <strong key={i}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(node.children)}</em>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'link':
        return isSafeHref(node.href) ? (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.children)}
          </a>
        ) : (
          <span key={i}>{renderInline(node.children)}</span>
        );
    }
  });
}

function renderBlock(block: Block, i: number): ReactNode {
  switch (block.type) {
    case 'heading': {
      // Content headings sit under the viewer's own h1, so they start at h2.
      const Tag = `h${Math.min(6, block.level + 1)}` as 'h2';
      return <Tag key={i}>{renderInline(block.children)}</Tag>;
    }
    case 'paragraph':
      return <p key={i}>{renderInline(block.children)}</p>;
    case 'list': {
      const Tag = block.ordered ? 'ol' : 'ul';
      return (
        <Tag key={i}>
          {block.items.map((item, j) => (
            <li key={j}>{renderInline(item)}</li>
          ))}
        </Tag>
      );
    }
    case 'quote':
      return <blockquote key={i}>{renderInline(block.children)}</blockquote>;
    case 'code':
      return (
        <pre key={i}>
          <code>{block.text}</code>
        </pre>
      );
    case 'rule':
      return <hr key={i} />;
  }
}

/** Markdown rendered as React elements (text nodes only: nothing is parsed as HTML). */
export function MarkdownView({ source }: { source: string }) {
  return <div className="markdown">{parseMarkdown(source).map(renderBlock)}</div>;
}
