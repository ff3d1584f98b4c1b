import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { ChangePasswordForm } from '../../../../renderer/src/components/change-password-form';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

function change(current: string, next: string) {
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordForm', () => {
  it('changes the password and says how many other sessions were signed out', async () => {
    const fake = installFakeShelf({
      'account.changePassword': () => ({ otherSessionsEnded: 2 }),
    });
    render(<ChangePasswordForm />);
    change('old password', 'new password');
    expect((await screen.findByRole('status')).textContent).toBe(
      'Password changed. 2 other sessions were signed out.',
    );
    expect(fake.callsTo('account.changePassword')).toEqual([
      { currentPassword: 'old password', newPassword: 'new password' },
    ]);
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });

  it('names a wrong current password in a sentence', async () => {
    installFakeShelf({
      'account.changePassword': () => {
        throw new AppError('VALIDATION_FAILED', 'The current password is wrong', {
          issues: [{ path: 'currentPassword', message: 'The current password is wrong' }],
        });
      },
    });
    render(<ChangePasswordForm />);
    change('not it', 'new password');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The current password is not right, so nothing was changed.',
    );
    expect(screen.queryByRole('status')).toBeNull();
  });
});
