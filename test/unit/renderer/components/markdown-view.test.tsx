import { cleanup, render } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { MarkdownView } from '../../../../renderer/src/components/markdown-view';

afterEach(cleanup);

it('renders Markdown as elements and never as HTML', () => {
  const { container } = render(
    <MarkdownView
      source={'# Hello\n\nSome **bold** and [bad](javascript:alert(1)) and <script>x</script>'}
    />,
  );
  expect(container.querySelector('h2')?.textContent).toBe('Hello');
  expect(container.querySelector('strong')?.textContent).toBe('bold');
  expect(container.querySelector('script')).toBeNull();
  expect(container.querySelector('a')).toBeNull();
  expect(container.textContent).toContain('<script>x</script>');
});
