/**
 * Control characters a terminal or log viewer would act on (ESC sequences, carriage
 * return, backspace, C1 controls, bidirectional overrides) written as visible escapes
 * (`\x1b`, `\u202e`). Line feeds and tabs are kept: reports are multi-line. Commit
 * messages, branch names and file names are user data and reach reports verbatim.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
