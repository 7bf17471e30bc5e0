import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';

export type GitHubClient = InstanceType<typeof Octokit>;

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise Server included); default https://api.github.com. */
  baseUrl?: string;
  /** Longest wait for one rate limit (seconds) before giving up; default 60. */
  maxWaitSeconds?: number;
  /** Retries after a rate limit or a server error; default 2. */
  retries?: number;
  /** Log lines (waits, give-ups); never given repository text. */
  log?: (message: string) => void;
  /** Counts every HTTP request sent, retries included (for the log and the bench). */
  onRequest?: (method: string, url: string) => void;
}

/**
 * An Octokit client with the retry plugin (server errors retried) and the throttling
 * plugin (primary and secondary rate limits waited out, but never longer than
 * `maxWaitSeconds` nor more than `retries` times). Writes are sent one at a time; the
 * plugin's 1-3 s pacing between writes is dropped because a run sends at most a few,
 * far under GitHub's 80 content writes a minute.
 */
export function createClient(options: ClientOptions): GitHubClient {
  const maxWait = options.maxWaitSeconds ?? 60;
  const retries = options.retries ?? 2;
  const log = options.log ?? (() => undefined);
  const ThrottledOctokit = Octokit.plugin(retry, throttling);
  const serial = (): Bottleneck.Group => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const wait = retryCount < retries && retryAfter <= maxWait;
      log(`${kind} rate limit on ${request.method} ${request.url}: ${wait ? `waiting ${retryAfter} s and retrying` : `not retrying (retry after ${retryAfter} s, attempt ${retryCount + 1})`}`);
      return wait;
    };
  const client = new ThrottledOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl || 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'kit-guard-action',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    // not `request.retries`: given there, the retry plugin retries every error, 403 and 422 included
    retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      fallbackSecondaryRateRetryAfter: Math.min(60, maxWait),
      write: serial(),
      notifications: serial()
    }
  });
  if (options.onRequest) {
    const count = options.onRequest;
    client.hook.before('request', (req) => count(req.method, req.url));
  }
  return client;
}

/** The HTTP status of an Octokit error, or undefined. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The login comments made with the workflow's GITHUB_TOKEN are authored by. */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * Who the action's comments are authored by, so its own are told from anyone else's:
 * `github-actions[bot]` for an installation token (`ghs_`, the workflow's GITHUB_TOKEN,
 * which cannot read /user), else the token's user from GET /user (a personal token),
 * one call. Changing the token type changes the author, as on GitHub itself.
 */
export async function commentAuthor(client: GitHubClient, token: string): Promise<string> {
  if (token.startsWith('ghs_')) return ACTIONS_BOT;
  const { data } = await client.rest.users.getAuthenticated();
  return data.login;
}
