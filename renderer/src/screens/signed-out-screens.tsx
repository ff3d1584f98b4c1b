import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/ipc/contract';
import type { MailPurpose } from './check-mail-screen';
import { CheckMailScreen } from './check-mail-screen';
import { ForgotPasswordScreen } from './forgot-password-screen';
import { SignInScreen } from './sign-in-screen';
import { SignUpScreen } from './sign-up-screen';

type View =
  | { screen: 'sign-in' }
  | { screen: 'sign-up' }
  | { screen: 'forgot-password'; email: string }
  | { screen: 'check-mail'; email: string; purpose: MailPurpose };

const TITLES: Record<View['screen'], string> = {
  'sign-in': 'Sign in',
  'sign-up': 'Create an account',
  'forgot-password': 'Set a new password',
  'check-mail': 'Check your mail',
};

interface Props {
  account: Account;
  onSignedIn: () => void;
}

/** Everything before a session: sign in, create an account, the mailed links, a new password. */
export function SignedOutScreens({ account, onSignedIn }: Props) {
  const [view, setView] = useState<View>({ screen: 'sign-in' });
  const signIn = () => setView({ screen: 'sign-in' });
  const first = useRef(true);
  useEffect(() => {
    document.title = `${TITLES[view.screen]} · Shelfkeeper`;
    // The button that led here is gone: keyboard and screen-reader users start at the new
    // screen's heading (each has tabIndex -1) instead of the top of the page.
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [view.screen]);

  switch (view.screen) {
    case 'sign-up':
      return (
        <SignUpScreen
          onSignIn={signIn}
          onMailSent={(email) => setView({ screen: 'check-mail', email, purpose: 'confirm' })}
        />
      );
    case 'forgot-password':
      return (
        <ForgotPasswordScreen
          email={view.email}
          onSignIn={signIn}
          onMailSent={(email) => setView({ screen: 'check-mail', email, purpose: 'reset' })}
        />
      );
    case 'check-mail':
      return <CheckMailScreen email={view.email} purpose={view.purpose} onSignIn={signIn} />;
    case 'sign-in':
      return (
        <SignInScreen
          account={account}
          onSignedIn={onSignedIn}
          onCreateAccount={() => setView({ screen: 'sign-up' })}
          onForgotPassword={(email) => setView({ screen: 'forgot-password', email })}
          onConfirmationSent={(email) =>
            setView({ screen: 'check-mail', email, purpose: 'confirm' })
          }
        />
      );
  }
}
