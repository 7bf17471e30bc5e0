import { createHash } from 'node:crypto';
import type { CommitInfo } from '../../src/model/change.js';

/** The identity makeRepo commits with, so literal commits look like the ones git would list. */
export const TEST_AUTHOR = { name: 'Test Author', email: 'author@example.test' };

/** A well-formed, stable 40-hex sha for a label (commit literals need distinct shas, not real objects). */
export function fakeSha(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

/**
 * The commits of a base..head range as data, oldest first, each the parent of the next,
 * in the shape `GitClient.commitsInRange` lists them (message without trailing newlines,
 * subject its first line). For checks that read `ChangeContext.commits` but not git.
 */
export class CommitRange {
  readonly commits: CommitInfo[] = [];

  constructor(readonly base: string = fakeSha('base')) {}

  /** Adds a commit on top of the last one (or the base); returns its sha. */
  commit(message: string, author: { name: string; email: string } = TEST_AUTHOR, parents?: string[]): string {
    const sha = fakeSha(`${this.commits.length} ${message}`);
    const text = message.replace(/\n+$/, '');
    this.commits.push({
      sha,
      parents: parents ?? [this.commits.at(-1)?.sha ?? this.base],
      authorName: author.name,
      authorEmail: author.email,
      message: text,
      subject: text.split('\n', 1)[0] ?? ''
    });
    return sha;
  }
}
