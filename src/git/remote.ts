/** An owner or repository name as GitHub allows it: letters, digits, `_`, `.` and `-`, not `.` or `..`. */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const FORMS: readonly RegExp[] = [
  // https://github.com/owner/repo(.git), credentials in the URL dropped
  /^https:\/\/(?:[^@/\s]+@)?github\.com\/([^/\s]+)\/([^/\s]+?)\/?$/i,
  // git@github.com:owner/repo(.git)
  /^git@github\.com:([^/\s]+)\/([^/\s]+?)\/?$/i,
  // ssh://git@github.com/owner/repo(.git)
  /^ssh:\/\/git@github\.com\/([^/\s]+)\/([^/\s]+?)\/?$/i
];

/**
 * The `https://github.com/owner/repo` address of a git remote URL on GitHub
 * (`https://github.com/o/r(.git)`, `git@github.com:o/r(.git)`, `ssh://git@github.com/o/r(.git)`);
 * undefined for any other host or form, or an owner or name with a character GitHub does not
 * allow (the result is written into files, so nothing else gets through). Pure.
 */
export function parseGitHubRemote(url: string): string | undefined {
  const trimmed = url.trim();
  for (const form of FORMS) {
    const m = form.exec(trimmed);
    if (!m) continue;
    const owner = m[1] as string;
    const repo = (m[2] as string).replace(/\.git$/i, '');
    if (!valid(owner) || !valid(repo)) return undefined;
    return `https://github.com/${owner}/${repo}`;
  }
  return undefined;
}

function valid(name: string): boolean {
  return NAME.test(name) && name !== '.' && name !== '..';
}
