/**
 * Why a prices file could not be imported. Messages name the file and the line, so a user can fix
 * a hand-made CSV without reading any code.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  /** 1-based line of the offending text, when the problem sits on one line. */
  readonly line?: number;
  /** The file being imported, once known. */
  readonly file?: string;
  /** The message without the file and line prefixes. */
  readonly detail: string;

  constructor(detail: string, options: { line?: number; file?: string; cause?: unknown } = {}) {
    const linePrefix = options.line === undefined ? '' : `line ${options.line}: `;
    const filePrefix = options.file === undefined ? '' : `${options.file}: `;
    super(
      `${filePrefix}${linePrefix}${detail}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.detail = detail;
    if (options.line !== undefined) this.line = options.line;
    if (options.file !== undefined) this.file = options.file;
  }

  /** The same error, attributed to `file`. */
  inFile(file: string): ImportError {
    return new ImportError(this.detail, { line: this.line, file, cause: this.cause });
  }
}
