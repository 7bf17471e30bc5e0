import { schema as graphqlSchemaSource } from '@octokit/graphql-schema';
import { buildClientSchema, getVariableValues, parse as parseGraphql, validate as validateGraphql, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * A loopback stand-in for the GitHub REST API, for end-to-end tests of the action. It
 * keeps state across runs (pull requests, issue comments, review comments, reviews),
 * paginates with absolute `link` headers, and behaves as GitHub does where the tests
 * need it: 422 for a review comment outside the diff and for a body over 65,536
 * characters, 403 for every write in fork mode, a secondary rate limit with
 * `retry-after`, and dropped connections for an outage. Every request is validated
 * against its operation in @octokit/openapi (path, parameters, body); an unknown route
 * or an invalid request is answered 404/400 AND recorded in `violations`, which the
 * tests assert empty.
 *
 * With a repository attached (`attachRepository`, a real bare git repository standing for
 * the one on GitHub) it also serves what the export commit-back uses: the GraphQL
 * `createCommitOnBranch` mutation (document and variables validated against GitHub's
 * schema from @octokit/graphql-schema, and applied for real: a commit on the expected
 * head, refused when the branch moved or is protected), the git refs and commits, compare,
 * and opening, listing and updating pull requests.
 */

export interface StandinFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  patch?: string;
}

export interface StandinCommit {
  sha: string;
  message: string;
  parents: string[];
}

export interface StandinPull {
  number: number;
  title: string;
  body?: string;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  commits: StandinCommit[];
  files: StandinFile[];
  /** Counts GitHub reports for a pull request too big to list (over 250 commits, 3,000 files). */
  reported?: { commits?: number; files?: number };
}

export interface StandinUser {
  login: string;
  type: 'User' | 'Bot';
}

export interface IssueComment {
  id: number;
  issue: number;
  body: string;
  user: StandinUser;
  created_at: string;
}

export interface ReviewComment {
  id: number;
  pull: number;
  review_id: number | null;
  path: string;
  line: number;
  /** First line of a multi-line comment. */
  start_line?: number;
  side: 'RIGHT' | 'LEFT';
  commit_id: string;
  body: string;
  user: StandinUser;
  in_reply_to_id?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  operationId?: string;
  body?: unknown;
  status: number;
}

/** The bare repository behind the git-backed routes. */
export interface StandinRepository {
  /** Path of the bare repository. */
  bare: string;
  /** `owner/name`. */
  fullName: string;
  /** Branches that refuse direct commits, as a ruleset would. */
  protectedBranches?: readonly string[];
  /** Called before a createCommitOnBranch is applied (attempt number from 1): a test moves the branch here. */
  beforeCommit?: (attempt: number) => void;
}

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

let graphqlSchema: GraphQLSchema | undefined;
/** GitHub's GraphQL schema, built once (about a second). */
function loadGraphqlSchema(): GraphQLSchema {
  graphqlSchema ??= buildClientSchema(graphqlSchemaSource.json as never);
  return graphqlSchema;
}

interface CommitInput {
  branch: { repositoryNameWithOwner?: string; branchName?: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string };
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
}

/** The login of comments made with the workflow token. */
export const BOT: StandinUser = { login: 'github-actions[bot]', type: 'Bot' };

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const SPEC_FILE = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  operationId: string;
  params: { name: string; in: string; required?: boolean; schema: unknown }[];
  body?: ValidateFunction;
}

let operations: Operation[] | undefined;

/** Validates path and query values (strings on the wire) against their parameter schemas. */
const paramAjv = new Ajv({ strict: false, coerceTypes: true });
paramAjv.addFormat('int32', true).addFormat('int64', true);
const paramValidators = new WeakMap<object, ValidateFunction>();

/** Every operation of the api.github.com spec with its path matcher; bodies compiled on first use. */
function loadOperations(): Operation[] {
  if (operations) return operations;
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as { paths: Record<string, Record<string, Record<string, unknown>>>; components: Record<string, Record<string, unknown>> };
  const deref = (node: unknown, seen: string[] = []): unknown => {
    if (Array.isArray(node)) return node.map((n) => deref(n, seen));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) {
      if (seen.includes(ref)) return {}; // a recursive schema: accept anything below
      const [, , kind, name] = ref.split('/');
      return deref(spec.components[kind!]![name!], [...seen, ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, seen)]));
  };
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false });
  addFormats(ajv);
  operations = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const names: string[] = [];
    const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}|\{([^}]+)\}/g, (_m, a: string, b: string) => (names.push(a ?? b), '([^/]+)'))}$`);
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== 'object' || !op || !('operationId' in op)) continue;
      const lazy: Operation = { method: method.toUpperCase(), template, regex, names, operationId: op.operationId as string, params: [] };
      let params: Operation['params'] | undefined;
      Object.defineProperty(lazy, 'params', { get: () => (params ??= deref(op.parameters ?? []) as Operation['params']) });
      let compiled: ValidateFunction | undefined | null = null;
      Object.defineProperty(lazy, 'body', {
        get: () => {
          if (compiled === null) {
            const schema = (deref(op.requestBody) as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.['application/json']?.schema;
            compiled = schema ? ajv.compile(schema as object) : undefined;
          }
          return compiled;
        }
      });
      operations.push(lazy);
    }
  }
  return operations;
}

/** Right-side line numbers of a patch (added and context lines): where GitHub takes a review comment. */
function commentableLines(patch: string | undefined): Set<number> {
  const ok = new Set<number>();
  let right = 0;
  for (const l of (patch ?? '').split('\n')) {
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (h) {
      right = Number(h[1]);
      continue;
    }
    if (l.startsWith('-') || l.startsWith('\\')) continue;
    if (l.startsWith('+') || l.startsWith(' ')) ok.add(right++);
  }
  return ok;
}

/**
 * Whether a (multi-line) comment can go on `startLine`..`line`: every line from the start
 * to the end on the right side of the diff (so in one hunk), and the start before the end.
 */
function rangeCommentable(patch: string | undefined, line: number, startLine?: number): boolean {
  const ok = commentableLines(patch);
  if (startLine === undefined) return ok.has(line);
  if (!(startLine < line)) return false;
  for (let n = startLine; n <= line; n++) if (!ok.has(n)) return false;
  return true;
}

export class GitHubStandin {
  readonly pulls = new Map<number, StandinPull>();
  readonly issueComments: IssueComment[] = [];
  readonly reviewComments: ReviewComment[] = [];
  readonly reviews: { id: number; pull: number; body: string; commit_id: string }[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Requests that matched no operation or failed its schema: must stay empty. */
  readonly violations: string[] = [];
  /** Every write answers 403 "Resource not accessible by integration" (a fork's read-only token). */
  forkMode = false;
  /** The next N requests answer 403 secondary rate limit with this `retry-after` (seconds). */
  private rateLimited = { count: 0, retryAfter: 1 };
  /** Connections are dropped once this many requests were answered (an outage mid-run). */
  outageAfter = Infinity;
  /** Held requests by operation: the first `count` wait until all of them have arrived (two runs racing). */
  private readonly barriers = new Map<string, { count: number; waiting: (() => void)[] }>();
  private nextId = 1000;
  private repository: StandinRepository | undefined;
  private commitAttempts = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  url = '';

  /** Backs the git routes and createCommitOnBranch with a bare repository. */
  attachRepository(repository: StandinRepository): this {
    loadGraphqlSchema();
    this.repository = repository;
    this.commitAttempts = 0;
    return this;
  }

  async start(): Promise<this> {
    loadOperations();
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` requests get a secondary rate limit answer. */
  secondaryRateLimit(count: number, retryAfter = 1): void {
    this.rateLimited = { count, retryAfter };
  }

  /** The next `count` requests of an operation are answered only once all of them have arrived. */
  holdUntil(operationId: string, count: number): void {
    this.barriers.set(operationId, { count, waiting: [] });
  }

  addPull(pull: StandinPull): void {
    this.pulls.set(pull.number, pull);
  }

  /** A comment written by a person (not through the action). */
  addHumanComment(issue: number, body: string, login = 'octocat'): IssueComment {
    const c: IssueComment = { id: this.nextId++, issue, body, user: { login, type: 'User' }, created_at: new Date().toISOString() };
    this.issueComments.push(c);
    return c;
  }

  addHumanReply(to: ReviewComment, body: string, login = 'octocat'): ReviewComment {
    const c: ReviewComment = { ...to, id: this.nextId++, review_id: null, body, user: { login, type: 'User' }, in_reply_to_id: to.id };
    this.reviewComments.push(c);
    return c;
  }

  /** Requests by operation id, in order. */
  calls(operationId?: string): RecordedRequest[] {
    return operationId ? this.requests.filter((r) => r.operationId === operationId) : this.requests;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.requests.length >= this.outageAfter) {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', query: {}, status: 0 });
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    const record: RecordedRequest = { method, path: url.pathname, query, status: 0 };
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };
    this.requests.push(record);
    try {
      body = text ? JSON.parse(text) : undefined;
      if (body !== undefined) record.body = body;
    } catch {
      this.violations.push(`${method} ${url.pathname}: body is not JSON`);
      return send(400, { message: 'Problems parsing JSON' });
    }
    if (method === 'POST' && url.pathname === '/graphql') {
      record.operationId = 'graphql';
      if (!/^(token|Bearer) \S+/.test(req.headers.authorization ?? '')) return send(401, { message: 'Requires authentication' });
      const [status, data] = this.graphql(body as { query?: unknown; variables?: Record<string, unknown> } | undefined);
      return send(status, data);
    }
    // a literal segment wins over a parameter (`/pulls/comments/1` is not pull number "comments")
    const op = loadOperations()
      .filter((o) => o.method === method && o.regex.test(url.pathname))
      .sort((a, b) => a.names.length - b.names.length)[0];
    if (!op) {
      this.violations.push(`${method} ${url.pathname}: no such operation in the REST API`);
      return send(404, { message: 'Not Found' });
    }
    record.operationId = op.operationId;
    const problems = this.validate(op, url, req, body);
    if (problems.length) {
      this.violations.push(`${op.operationId}: ${problems.join('; ')}`);
      return send(400, { message: problems.join('; ') });
    }
    const barrier = this.barriers.get(op.operationId);
    if (barrier) {
      await new Promise<void>((release) => {
        barrier.waiting.push(release);
        if (barrier.waiting.length >= barrier.count) {
          this.barriers.delete(op.operationId);
          for (const r of barrier.waiting) r();
        }
      });
    }
    if (!/^(token|Bearer) \S+/.test(req.headers.authorization ?? '')) return send(401, { message: 'Requires authentication' });
    if (this.rateLimited.count > 0) {
      this.rateLimited.count--;
      return send(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': String(this.rateLimited.retryAfter) });
    }
    if (this.forkMode && method !== 'GET') return send(403, { message: 'Resource not accessible by integration' });
    const params = Object.fromEntries(op.names.map((n, i) => [n, decodeURIComponent(op.regex.exec(url.pathname)![i + 1]!)]));
    const [status, data, headers] = this.route(op.operationId, params, query, body as Record<string, unknown> | undefined);
    send(status, data, headers);
  }

  private validate(op: Operation, url: URL, req: IncomingMessage, body: unknown): string[] {
    const problems: string[] = [];
    const match = op.regex.exec(url.pathname)!;
    const ajv = paramAjv;
    for (const p of op.params) {
      const value = p.in === 'path' ? match[op.names.indexOf(p.name) + 1] : p.in === 'query' ? url.searchParams.get(p.name) : undefined;
      if (p.in !== 'path' && p.in !== 'query') continue;
      if (value === null || value === undefined) {
        if (p.required) problems.push(`missing ${p.in} parameter ${p.name}`);
        continue;
      }
      const holder = { v: decodeURIComponent(value) };
      const check = paramValidators.get(p) ?? ajv.compile({ type: 'object', properties: { v: p.schema } });
      paramValidators.set(p, check);
      if (!check(holder)) problems.push(`${p.in} parameter ${p.name}=${value}: ${ajv.errorsText(check.errors)}`);
    }
    const known = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of url.searchParams.keys()) if (!known.has(name)) problems.push(`unknown query parameter ${name}`);
    const validateBody = op.body;
    if (validateBody) {
      if (body === undefined && (op.method === 'POST' || op.method === 'PATCH')) problems.push('missing body');
      else if (body !== undefined && !validateBody(body)) problems.push(`body: ${JSON.stringify(validateBody.errors?.slice(0, 3))}`);
    } else if (body !== undefined && op.method === 'GET') problems.push('a GET with a body');
    if (!String(req.headers.accept ?? '').includes('json')) problems.push(`accept header ${String(req.headers.accept)}`);
    return problems;
  }

  private page<T>(items: T[], query: Record<string, string>, path: string): [number, T[], Record<string, string>] {
    const perPage = Math.min(100, Number(query.per_page ?? 30));
    const pageNo = Number(query.page ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => `<${this.url}${path}?per_page=${perPage}&page=${n}>; rel="${rel}"`;
    const links: string[] = [];
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
    return [200, items.slice((pageNo - 1) * perPage, pageNo * perPage), links.length ? { link: links.join(', ') } : {}];
  }

  private route(id: string, p: Record<string, string>, query: Record<string, string>, body: Record<string, unknown> | undefined): [number, unknown, Record<string, string>?] {
    const base = `/repos/${p.owner}/${p.repo}`;
    const pull = this.pulls.get(Number(p.pull_number ?? p.issue_number));
    const tooLong = typeof body?.body === 'string' && (body.body as string).length > 65_536;
    const invalid = (message: string, resource = 'IssueComment'): [number, unknown] => [422, { message: 'Validation Failed', errors: [{ resource, code: 'custom', field: 'body', message }], documentation_url: 'https://docs.github.com/rest' }];
    switch (id) {
      case 'pulls/get':
        if (!pull) return [404, { message: 'Not Found' }];
        return [200, this.pullJson(pull, p.owner!, p.repo!)];
      case 'pulls/list-commits':
        if (!pull) return [404, { message: 'Not Found' }];
        return this.page(
          pull.commits.slice(0, 250).map((c) => ({ sha: c.sha, commit: { message: c.message, author: { name: 'Test Author', email: 'author@example.test', date: '2026-01-01T00:00:00Z' } }, parents: c.parents.map((sha) => ({ sha })) })),
          query,
          `${base}/pulls/${pull.number}/commits`
        );
      case 'pulls/list-files':
        if (!pull) return [404, { message: 'Not Found' }];
        return this.page(
          pull.files.slice(0, 3000).map((f) => ({ sha: '0'.repeat(40), filename: f.filename, status: f.status, additions: 1, deletions: 0, changes: 1, ...(f.patch !== undefined ? { patch: f.patch } : {}) })),
          query,
          `${base}/pulls/${pull.number}/files`
        );
      case 'issues/list-comments':
        return this.page(
          this.issueComments.filter((c) => c.issue === Number(p.issue_number)).map((c) => this.issueCommentJson(c)),
          query,
          `${base}/issues/${p.issue_number}/comments`
        );
      case 'issues/create-comment': {
        if (tooLong) return invalid('Body is too long (maximum is 65536 characters)');
        const c: IssueComment = { id: this.nextId++, issue: Number(p.issue_number), body: body!.body as string, user: BOT, created_at: new Date().toISOString() };
        this.issueComments.push(c);
        return [201, this.issueCommentJson(c)];
      }
      case 'issues/update-comment': {
        const c = this.issueComments.find((x) => x.id === Number(p.comment_id));
        if (!c) return [404, { message: 'Not Found' }];
        if (c.user.login !== BOT.login) return [403, { message: 'You cannot edit a comment of another user' }];
        if (tooLong) return invalid('Body is too long (maximum is 65536 characters)');
        c.body = body!.body as string;
        return [200, this.issueCommentJson(c)];
      }
      case 'issues/delete-comment': {
        const i = this.issueComments.findIndex((x) => x.id === Number(p.comment_id));
        if (i < 0) return [404, { message: 'Not Found' }];
        if (this.issueComments[i]!.user.login !== BOT.login) return [403, { message: 'You cannot delete a comment of another user' }];
        this.issueComments.splice(i, 1);
        return [204, undefined];
      }
      case 'pulls/list-review-comments':
        return this.page(
          this.reviewComments.filter((c) => c.pull === Number(p.pull_number)).map((c) => this.reviewCommentJson(c)),
          query,
          `${base}/pulls/${p.pull_number}/comments`
        );
      case 'pulls/create-review': {
        if (!pull) return [404, { message: 'Not Found' }];
        const comments = (body?.comments ?? []) as { path: string; line: number; start_line?: number; side?: 'RIGHT'; body: string }[];
        if (comments.some((c) => c.body.length > 65_536)) return invalid('Body is too long (maximum is 65536 characters)', 'PullRequestReviewComment');
        const bad = comments.filter((c) => !rangeCommentable(pull.files.find((f) => f.filename === c.path)?.patch, c.line, c.start_line));
        if (bad.length) return [422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest' }];
        const review = { id: this.nextId++, pull: pull.number, body: String(body?.body ?? ''), commit_id: String(body?.commit_id ?? pull.headSha) };
        this.reviews.push(review);
        for (const c of comments) {
          this.reviewComments.push({ id: this.nextId++, pull: pull.number, review_id: review.id, path: c.path, line: c.line, ...(c.start_line !== undefined ? { start_line: c.start_line } : {}), side: c.side ?? 'RIGHT', commit_id: review.commit_id, body: c.body, user: BOT });
        }
        return [200, { id: review.id, node_id: 'R', user: this.userJson(BOT), body: review.body, state: 'COMMENTED', html_url: `https://github.com${base}/pull/${pull.number}`, pull_request_url: `${this.url}${base}/pulls/${pull.number}`, _links: {}, commit_id: review.commit_id, author_association: 'NONE' }];
      }
      case 'pulls/create-review-comment': {
        if (!pull) return [404, { message: 'Not Found' }];
        if (tooLong) return invalid('Body is too long (maximum is 65536 characters)', 'PullRequestReviewComment');
        const line = Number(body?.line);
        const startLine = body?.start_line === undefined ? undefined : Number(body.start_line);
        if (!rangeCommentable(pull.files.find((f) => f.filename === body?.path)?.patch, line, startLine)) {
          return invalid('pull_request_review_thread.line must be part of the diff', 'PullRequestReviewComment');
        }
        const c: ReviewComment = { id: this.nextId++, pull: pull.number, review_id: null, path: String(body!.path), line, ...(startLine !== undefined ? { start_line: startLine } : {}), side: 'RIGHT', commit_id: String(body!.commit_id), body: String(body!.body), user: BOT };
        this.reviewComments.push(c);
        return [201, this.reviewCommentJson(c)];
      }
      case 'pulls/update-review-comment': {
        const c = this.reviewComments.find((x) => x.id === Number(p.comment_id));
        if (!c) return [404, { message: 'Not Found' }];
        if (tooLong) return invalid('Body is too long (maximum is 65536 characters)', 'PullRequestReviewComment');
        c.body = String(body!.body);
        return [200, this.reviewCommentJson(c)];
      }
      case 'pulls/delete-review-comment': {
        const i = this.reviewComments.findIndex((x) => x.id === Number(p.comment_id));
        if (i < 0) return [404, { message: 'Not Found' }];
        this.reviewComments.splice(i, 1);
        return [204, undefined];
      }
      case 'git/get-ref':
      case 'git/create-ref':
      case 'git/update-ref':
      case 'git/get-commit':
      case 'repos/compare-commits-with-basehead':
      case 'pulls/list':
      case 'pulls/create':
      case 'pulls/update':
        return this.gitRoute(id, p, query, body ?? {});
      default:
        this.violations.push(`${id}: a real operation the stand-in does not serve`);
        return [404, { message: 'Not Found' }];
    }
  }

  private git(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = GIT_ENV): string {
    return execFileSync('git', args, { cwd: this.repository!.bare, env, ...(input !== undefined ? { input } : {}), stdio: ['pipe', 'pipe', 'pipe'] })
      .toString()
      .trim();
  }

  private tryGit(args: string[]): string | undefined {
    try {
      return this.git(args);
    } catch {
      return undefined;
    }
  }

  /** The routes backed by the bare repository (refs, commits, compare) and the pull requests opened through the API. */
  private gitRoute(id: string, p: Record<string, string>, query: Record<string, string>, body: Record<string, unknown>): [number, unknown, Record<string, string>?] {
    const repository = this.repository;
    if (!repository || `${p.owner}/${p.repo}` !== repository.fullName) return [404, { message: 'Not Found' }];
    switch (id) {
      case 'git/get-ref': {
        const sha = this.tryGit(['rev-parse', '--verify', `refs/${p.ref}`]);
        return sha ? [200, { ref: `refs/${p.ref}`, object: { sha, type: 'commit' } }] : [404, { message: 'Not Found' }];
      }
      case 'git/create-ref': {
        if (this.tryGit(['rev-parse', '--verify', String(body.ref)])) return [422, { message: 'Reference already exists' }];
        this.git(['update-ref', String(body.ref), String(body.sha), '']);
        return [201, { ref: body.ref, object: { sha: body.sha, type: 'commit' } }];
      }
      case 'git/update-ref': {
        const ref = `refs/${p.ref}`;
        const current = this.tryGit(['rev-parse', '--verify', ref]);
        if (!current) return [422, { message: 'Reference does not exist' }];
        const fastForward = this.tryGit(['merge-base', '--is-ancestor', current, String(body.sha)]) !== undefined;
        if (!fastForward && body.force !== true) return [422, { message: 'Update is not a fast forward' }];
        this.git(['update-ref', ref, String(body.sha), current]);
        return [200, { ref, object: { sha: body.sha, type: 'commit' } }];
      }
      case 'git/get-commit': {
        const message = this.tryGit(['log', '-1', '--format=%B', p.commit_sha!]);
        if (message === undefined) return [404, { message: 'Not Found' }];
        const parents = this.git(['log', '-1', '--format=%P', p.commit_sha!]).split(' ').filter(Boolean);
        return [200, { sha: p.commit_sha, message, parents: parents.map((sha) => ({ sha })) }];
      }
      case 'repos/compare-commits-with-basehead': {
        const [base, head] = p.basehead!.split('...') as [string, string];
        const isAncestor = (a: string, b: string): boolean => this.tryGit(['merge-base', '--is-ancestor', a, b]) !== undefined;
        const status = base === head ? 'identical' : isAncestor(head, base) ? 'behind' : isAncestor(base, head) ? 'ahead' : 'diverged';
        return [200, { status }];
      }
      case 'pulls/list': {
        const [owner] = repository.fullName.split('/');
        const open = [...this.pulls.values()].filter((pull) => (!query.head || `${owner}:${pull.headRef}` === query.head) && (!query.base || pull.baseRef === query.base));
        return [200, open.map((pull) => this.pullJson(pull, p.owner!, p.repo!))];
      }
      case 'pulls/create': {
        const headSha = this.tryGit(['rev-parse', '--verify', `refs/heads/${String(body.head)}`]);
        const baseSha = this.tryGit(['rev-parse', '--verify', `refs/heads/${String(body.base)}`]);
        if (!headSha || !baseSha) return [422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'invalid', field: headSha ? 'base' : 'head' }] }];
        const number = Math.max(0, ...this.pulls.keys()) + 1;
        const pull: StandinPull = { number, title: String(body.title), body: String(body.body ?? ''), headSha, headRef: String(body.head), baseSha, baseRef: String(body.base), commits: [], files: [] };
        this.pulls.set(number, pull);
        return [201, this.pullJson(pull, p.owner!, p.repo!)];
      }
      default: {
        const pull = this.pulls.get(Number(p.pull_number));
        if (!pull) return [404, { message: 'Not Found' }];
        if (typeof body.title === 'string') pull.title = body.title;
        if (typeof body.body === 'string') pull.body = body.body;
        return [200, this.pullJson(pull, p.owner!, p.repo!)];
      }
    }
  }

  /** POST /graphql: the document and variables validated against GitHub's schema; only createCommitOnBranch is served. */
  private graphql(body: { query?: unknown; variables?: Record<string, unknown> } | undefined): [number, unknown] {
    const schema = loadGraphqlSchema();
    const reject = (problem: string): [number, unknown] => {
      this.violations.push(`graphql: ${problem}`);
      return [400, { message: problem }];
    };
    if (typeof body?.query !== 'string') return reject('no query');
    let document;
    try {
      document = parseGraphql(body.query);
    } catch (error) {
      return reject((error as Error).message);
    }
    const errors = validateGraphql(schema, document);
    if (errors.length) return reject(errors.map((e) => e.message).join('; '));
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], body.variables ?? {});
    if (coerced.errors) return reject(`variables: ${coerced.errors.map((e) => e.message).join('; ')}`);
    const field = operation?.selectionSet.selections[0];
    if (operation?.operation !== 'mutation' || field?.kind !== 'Field' || field.name.value !== 'createCommitOnBranch' || !this.repository) {
      this.violations.push('graphql: an operation the stand-in does not serve');
      return [200, { errors: [{ message: 'the stand-in serves createCommitOnBranch only' }] }];
    }
    return [200, this.createCommitOnBranch((coerced.coerced as { input: CommitInput }).input, this.repository)];
  }

  /** Applies the mutation for real: a commit on the expected head, the ref moved only if it is still there. */
  private createCommitOnBranch(input: CommitInput, repository: StandinRepository): unknown {
    this.commitAttempts++;
    repository.beforeCommit?.(this.commitAttempts);
    const branch = input.branch.branchName ?? '';
    if (input.branch.repositoryNameWithOwner !== repository.fullName) {
      return { errors: [{ type: 'NOT_FOUND', path: ['createCommitOnBranch'], message: `Could not resolve to a Repository with the name '${input.branch.repositoryNameWithOwner}'.` }] };
    }
    const current = this.tryGit(['rev-parse', '--verify', `refs/heads/${branch}`]);
    if (!current) return { errors: [{ type: 'NOT_FOUND', path: ['createCommitOnBranch'], message: `A ref named "${branch}" does not exist` }] };
    if (current !== input.expectedHeadOid) {
      return { errors: [{ type: 'STALE_DATA', path: ['createCommitOnBranch'], message: `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.` }] };
    }
    if (repository.protectedBranches?.includes(branch)) {
      return { errors: [{ type: 'UNPROCESSABLE', path: ['createCommitOnBranch'], message: 'Repository rule violations found\n\nChanges must be made through a pull request.\n' }] };
    }
    const scratch = mkdtempSync(path.join(tmpdir(), 'standin-index-'));
    try {
      const env = { ...GIT_ENV, GIT_INDEX_FILE: path.join(scratch, 'index') };
      this.git(['read-tree', current], undefined, env);
      for (const addition of input.fileChanges?.additions ?? []) {
        const blob = this.git(['hash-object', '-w', '--stdin'], Buffer.from(addition.contents, 'base64'), env);
        this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${addition.path}`], undefined, env);
      }
      // mode 0 removes an entry (update-index --force-remove wants a work tree, which a bare repository has not)
      const removals = (input.fileChanges?.deletions ?? []).map((d) => `0 ${'0'.repeat(40)}\t${d.path}\n`).join('');
      if (removals) this.git(['update-index', '--index-info'], removals, env);
      const tree = this.git(['write-tree'], undefined, env);
      const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
      const identity = { GIT_AUTHOR_NAME: 'github-actions[bot]', GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com', GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };
      const oid = this.git(['commit-tree', tree, '-p', current, '-F', '-'], message, { ...env, ...identity });
      // compare-and-swap: refused if the ref moved while the commit was made
      this.git(['update-ref', `refs/heads/${branch}`, oid, current]);
      return { data: { createCommitOnBranch: { commit: { oid, url: `https://github.com/${repository.fullName}/commit/${oid}` } } } };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  private userJson(u: StandinUser): Record<string, unknown> {
    return { login: u.login, id: u.login.length, type: u.type };
  }

  private pullJson(pull: StandinPull, owner: string, repo: string): Record<string, unknown> {
    const repoJson = { full_name: `${owner}/${repo}`, name: repo, owner: { login: owner } };
    return {
      number: pull.number,
      title: pull.title,
      state: 'open',
      html_url: `https://github.com/${owner}/${repo}/pull/${pull.number}`,
      body: pull.body ?? null,
      head: { sha: pull.headSha, ref: pull.headRef, repo: repoJson },
      base: { sha: pull.baseSha, ref: pull.baseRef, repo: repoJson },
      commits: pull.reported?.commits ?? pull.commits.length,
      changed_files: pull.reported?.files ?? pull.files.length,
      user: { login: 'octocat', type: 'User' }
    };
  }

  private issueCommentJson(c: IssueComment): Record<string, unknown> {
    return { id: c.id, body: c.body, user: this.userJson(c.user), created_at: c.created_at, updated_at: c.created_at, html_url: `https://github.com/c/${c.id}` };
  }

  private reviewCommentJson(c: ReviewComment): Record<string, unknown> {
    return {
      id: c.id,
      pull_request_review_id: c.review_id,
      path: c.path,
      line: c.line,
      start_line: c.start_line ?? null,
      side: c.side,
      commit_id: c.commit_id,
      body: c.body,
      user: this.userJson(c.user),
      ...(c.in_reply_to_id !== undefined ? { in_reply_to_id: c.in_reply_to_id } : {})
    };
  }
}
