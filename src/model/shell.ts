/**
 * Quotes a word for a POSIX shell when it holds anything but characters no shell treats
 * specially (letters, digits and `_./:=@%+-`); single quotes otherwise, with `'` escaped.
 * Used wherever kit-guard writes a command for a user to paste or a host to run.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
