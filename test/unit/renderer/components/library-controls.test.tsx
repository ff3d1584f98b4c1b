import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIBRARY_VIEW } from '../../../../shared/ipc/library-view';
import { LibraryControls } from '../../../../renderer/src/components/library-controls';

afterEach(cleanup);

describe('library controls', () => {
  it('offers the declared sorts, labelled, in order, and picks one by its key', () => {
    const onView = vi.fn();
    render(
      <LibraryControls
        filters={{}}
        onFilters={() => {}}
        view={DEFAULT_LIBRARY_VIEW}
        onView={onView}
        tags={[]}
      />,
    );
    const sort = screen.getByRole('combobox', { name: 'Sort by' });
    const options = [...sort.querySelectorAll('option')].map((option) => [
      option.value,
      option.textContent,
    ]);
    expect(options).toEqual([
      ['title', 'Title'],
      ['creator', 'Creator'],
      ['addedAt', 'Date added'],
      ['kind', 'Kind'],
      ['version', 'Version'],
      ['issuedAt', 'Purchased'],
      ['priceCents', 'Price'],
      ['returnDeadline', 'Return deadline'],
      ['size', 'Size'],
      ['downloaded', 'On this device'],
      ['state', 'State'],
    ]);
    fireEvent.change(sort, { target: { value: 'addedAt' } });
    expect(onView).toHaveBeenCalledWith({ sort: 'addedAt' });
  });
});
