import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LibraryToolbar } from '../../../../renderer/src/components/library-toolbar';

afterEach(cleanup);

describe('library toolbar', () => {
  it('offers the declared sorts, labelled, in order, and picks one by its key', () => {
    const onFilters = vi.fn();
    render(
      <LibraryToolbar
        query=""
        onQuery={() => {}}
        filters={{}}
        onFilters={onFilters}
        layout="grid"
        onLayout={() => {}}
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
    ]);
    fireEvent.change(sort, { target: { value: 'addedAt' } });
    expect(onFilters).toHaveBeenCalledWith({ sort: 'addedAt' });
  });
});
