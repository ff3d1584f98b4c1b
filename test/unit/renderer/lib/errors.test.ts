import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { errorSentence } from '../../../../renderer/src/lib/errors';

describe('errorSentence', () => {
  it('reads the code of an AppError or of a plain cloned object', () => {
    expect(errorSentence(new AppError('OFFLINE', 'raw'))).toBe(
      'You are offline. This will happen when the connection is back.',
    );
    expect(errorSentence({ code: 'QUOTE_EXPIRED', message: 'x' })).toBe(
      'The offer expired before it was used. Ask for a new offer.',
    );
  });

  it('never shows an unknown code, a message or a stack', () => {
    const error = Object.assign(new Error('TypeError at foo.js:1'), { code: 'EWHATEVER' });
    expect(errorSentence(error)).toBe('Something went wrong. Please try again.');
    expect(errorSentence('boom')).toBe('Something went wrong. Please try again.');
  });
});
