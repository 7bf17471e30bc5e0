import { randomUUID } from 'node:crypto';

/**
 * Prints text from the repository (file names, messages, titles) to the log so that no
 * line of it can act as a workflow command: the runner stops reading commands until it
 * sees a random token the text cannot know (`::stop-commands::`, GitHub's own mechanism).
 */
export function logUntrusted(write: (line: string) => void, text: string): void {
  const token = `kit-guard-${randomUUID()}`;
  write(`::stop-commands::${token}`);
  write(text.replace(/\n$/, ''));
  write(`::${token}::`);
}

/** One log line that may hold repository text: line breaks shown as `⏎`, and `::`/`##[` at its start defused. */
export function safeLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ⏎ ').replace(/::/g, ':\u200b:').replace(/##\[/g, '#\u200b#[');
}
