/**
 * A setting the server cannot start with. Not an AppError: it never reaches an HTTP client; the
 * entry point prints its one sentence and exits with code 1.
 */
export class ConfigError extends Error {
  constructor(sentence: string) {
    super(sentence);
    this.name = 'ConfigError';
  }
}
