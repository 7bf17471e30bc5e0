import type { Finding } from './finding.js';

/** One commit of the checked range, oldest first. */
export interface CommitInfo {
  sha: string;
  /** First line of the message. */
  subject: string;
  /** The whole message, subject included. */
  message: string;
  authorName: string;
  authorEmail: string;
  parents: string[];
}

/**
 * What is known about the change under review. Everything is plain data gathered
 * before the checks run (from git, the CLI flags or the pull request), so checks stay pure.
 */
export interface ChangeContext {
  /** Base revision as given (branch, tag or sha), and its resolved sha. */
  base?: string;
  baseSha?: string;
  head?: string;
  headSha?: string;
  /** The branch under review (a pull request's head branch). */
  branch?: string;
  /** The pull request title. */
  title?: string;
  /** Commits in base..head, oldest first. Undefined when no range was given. */
  commits?: CommitInfo[];
  /** Text of kit files at the base revision (null: the file did not exist there). */
  baseFiles?: Map<string, string | null>;
  /**
   * The repository's address on GitHub (`https://github.com/owner/repo`), from the `origin`
   * remote or the action's environment; undefined when unknown or not on GitHub.
   */
  repositoryUrl?: string;
  /** Problems met while gathering this data (bad revision, shallow clone): reported as findings. */
  problems?: Finding[];
}
