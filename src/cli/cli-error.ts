/** Exit statuses of `ai-trader`: 2 is reserved for "you called it wrong", as most CLIs do. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * A failure the user can act on: printed as `error: <message>` with no stack trace, then the
 * process exits with `exitCode`. Anything else escaping a command is a bug and shows its stack.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** Bad arguments: a wrong date, an empty range, an unknown option value. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}
