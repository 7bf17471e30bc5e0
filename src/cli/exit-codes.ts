/** The CLI's exit codes. Only the CLI knows about them; the library returns results. */
export enum ExitCode {
  /** No finding at or above the fail level (and no export drift). */
  Clean = 0,
  /** A finding at or above the fail level, or export drift. */
  Findings = 1,
  /** Bad usage (unknown command or flag, bad value) or unusable configuration. */
  Usage = 2,
  /** An unexpected error: a bug in kit-guard. */
  Internal = 3
}

/** Bad command-line usage; the message names the flag or value at fault. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
