import { schema as graphqlSchemaSource } from '@octokit/graphql-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildClientSchema, getVariableValues, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/**
 * A loopback stand-in for the slice of GitHub the export commit-back uses, backed by a
 * real bare repository: `createCommitOnBranch` (GraphQL) and the git-data, compare and
 * pulls REST routes. Every GraphQL request is validated against GitHub's schema
 * (@octokit/graphql-schema: document and variables) and every REST request against
 * @octokit/openapi (route, method, body); a request that fails validation is answered
 * 400 and recorded in `invalid`, so a test can assert none was made.
 */

/** One request as received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** The OpenAPI path template (REST) or `graphql`. */
  route: string;
  body: unknown;
}

export interface StandInOptions {
  /** The bare repository standing for the GitHub repository. */
  bare: string;
  /** `owner/name` of that repository. */
  repository: string;
  /** Branches whose direct commits are refused, as a ruleset would. */
  protectedBranches?: readonly string[];
  /** Called before a createCommitOnBranch is applied (attempt number from 1): a test moves the branch here. */
  beforeCommit?: (attempt: number) => void;
}

export interface GitHubStandIn {
  url: string;
  requests: ReceivedRequest[];
  /** Validation failures (REST against OpenAPI, GraphQL against the schema). */
  invalid: string[];
  pulls: { number: number; head: string; base: string; title: string; body: string; state: 'open' }[];
  close(): Promise<void>;
}

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

let graphqlSchema: GraphQLSchema | undefined;
function loadGraphqlSchema(): GraphQLSchema {
  graphqlSchema ??= buildClientSchema(graphqlSchemaSource.json as never);
  return graphqlSchema;
}

interface Operation {
  template: string;
  method: string;
  pattern: RegExp;
  validateBody?: ValidateFunction;
}
let operations: Operation[] | undefined;

/** The REST operations the stand-in serves, with body validators compiled from @octokit/openapi. */
function loadOperations(): Operation[] {
  if (operations) return operations;
  const require = createRequire(import.meta.url);
  const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('repo.nwo', /^[^\/]+\/[^\/]+$/);
  ajv.addSchema(spec as object, 'openapi');
  const served: [string, string][] = [
    ['get', '/repos/{owner}/{repo}/git/ref/{ref}'],
    ['post', '/repos/{owner}/{repo}/git/refs'],
    ['patch', '/repos/{owner}/{repo}/git/refs/{ref}'],
    ['get', '/repos/{owner}/{repo}/git/commits/{commit_sha}'],
    ['get', '/repos/{owner}/{repo}/compare/{basehead}'],
    ['get', '/repos/{owner}/{repo}/pulls'],
    ['post', '/repos/{owner}/{repo}/pulls'],
    ['patch', '/repos/{owner}/{repo}/pulls/{pull_number}']
  ];
  operations = served.map(([method, template]) => {
    const op = spec.paths[template]?.[method];
    if (!op) throw new Error(`@octokit/openapi has no ${method.toUpperCase()} ${template}`);
    // {ref} may hold slashes (heads/feature/x), as GitHub accepts
    const pattern = new RegExp(`^${template.replace(/\{ref\}/g, '(?<ref>.+)').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
    const entry: Operation = { template, method: method.toUpperCase(), pattern };
    if (op.requestBody?.content?.['application/json']) {
      const pointer = `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/requestBody/content/application~1json/schema`;
      entry.validateBody = ajv.compile({ $ref: `openapi${pointer.replace(/[{}]/g, encodeURIComponent)}` });
    }
    return entry;
  });
  return operations;
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startGitHubStandIn(options: StandInOptions): Promise<GitHubStandIn> {
  loadGraphqlSchema();
  loadOperations();
  const requests: ReceivedRequest[] = [];
  const invalid: string[] = [];
  const pulls: GitHubStandIn['pulls'] = [];
  let commitAttempts = 0;
  const [owner, name] = options.repository.split('/') as [string, string];
  const git = (args: string[], input?: string, env: NodeJS.ProcessEnv = GIT_ENV): string =>
    execFileSync('git', args, { cwd: options.bare, env, encoding: 'utf8', ...(input !== undefined ? { input } : {}), stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  const tryGit = (args: string[]): string | undefined => {
    try {
      return git(args);
    } catch {
      return undefined;
    }
  };

  const send = (res: ServerResponse, status: number, data: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(data));
  };

  function graphql(body: { query?: unknown; variables?: Record<string, unknown> }, res: ServerResponse): void {
    const schema = loadGraphqlSchema();
    if (typeof body.query !== 'string') return reject('graphql: no query');
    let document;
    try {
      document = parse(body.query);
    } catch (error) {
      return reject(`graphql: ${(error as Error).message}`);
    }
    const errors = validate(schema, document);
    if (errors.length) return reject(`graphql: ${errors.map((e) => e.message).join('; ')}`);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], body.variables ?? {});
    if (coerced.errors) return reject(`graphql variables: ${coerced.errors.map((e) => e.message).join('; ')}`);
    const field = operation?.selectionSet.selections[0];
    if (operation?.operation !== 'mutation' || field?.kind !== 'Field' || field.name.value !== 'createCommitOnBranch') {
      return send(res, 200, { errors: [{ message: 'the stand-in serves createCommitOnBranch only' }] });
    }
    const input = (coerced.coerced as { input: CommitInput }).input;
    send(res, 200, createCommitOnBranch(input));

    function reject(message: string): void {
      invalid.push(message);
      send(res, 400, { message });
    }
  }

  interface CommitInput {
    branch: { repositoryNameWithOwner?: string; branchName?: string };
    expectedHeadOid: string;
    message: { headline: string; body?: string };
    fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
  }

  /** Applies the mutation for real: a commit on the expected head, the ref moved only if it is still there. */
  function createCommitOnBranch(input: CommitInput): unknown {
    commitAttempts++;
    options.beforeCommit?.(commitAttempts);
    const branch = input.branch.branchName ?? '';
    if (input.branch.repositoryNameWithOwner !== options.repository) return { errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a Repository with the name '${input.branch.repositoryNameWithOwner}'.` }] };
    const current = tryGit(['rev-parse', '--verify', `refs/heads/${branch}`]);
    if (!current) return { errors: [{ type: 'NOT_FOUND', message: `A ref named "${branch}" does not exist` }] };
    if (current !== input.expectedHeadOid) {
      return { errors: [{ type: 'STALE_DATA', path: ['createCommitOnBranch'], message: `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.` }] };
    }
    if (options.protectedBranches?.includes(branch)) {
      return { errors: [{ type: 'UNPROCESSABLE', path: ['createCommitOnBranch'], message: 'Repository rule violations found\n\nChanges must be made through a pull request.\n' }] };
    }
    const scratch = mkdtempSync(path.join(tmpdir(), 'stand-in-index-'));
    try {
      const env = { ...GIT_ENV, GIT_INDEX_FILE: path.join(scratch, 'index') };
      git(['read-tree', current], undefined, env);
      for (const addition of input.fileChanges?.additions ?? []) {
        const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: options.bare, env, input: Buffer.from(addition.contents, 'base64') }).toString().trim();
        git(['update-index', '--add', '--cacheinfo', `100644,${blob},${addition.path}`], undefined, env);
      }
      // mode 0 removes the entry (update-index --force-remove wants a work tree, which a bare repository has not)
      const removals = (input.fileChanges?.deletions ?? []).map((d) => `0 ${'0'.repeat(40)}\t${d.path}\n`).join('');
      if (removals) git(['update-index', '--index-info'], removals, env);
      const tree = git(['write-tree'], undefined, env);
      const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
      const identity = { GIT_AUTHOR_NAME: 'github-actions[bot]', GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com', GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };
      const oid = git(['commit-tree', tree, '-p', current, '-F', '-'], message, { ...env, ...identity });
      // compare-and-swap: refused if the ref moved while the commit was made
      git(['update-ref', `refs/heads/${branch}`, oid, current]);
      return { data: { createCommitOnBranch: { commit: { oid, url: `https://github.com/${options.repository}/commit/${oid}` } } } };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  function rest(method: string, url: URL, body: unknown, res: ServerResponse): ReceivedRequest['route'] {
    const op = loadOperations().find((o) => o.method === method && o.pattern.test(url.pathname));
    if (!op) {
      invalid.push(`no OpenAPI operation ${method} ${url.pathname}`);
      send(res, 404, { message: 'Not Found' });
      return 'unknown';
    }
    if (op.validateBody && !op.validateBody(body ?? {})) {
      invalid.push(`${method} ${op.template}: ${JSON.stringify(op.validateBody.errors)}`);
      send(res, 422, { message: 'Invalid request', errors: op.validateBody.errors });
      return op.template;
    }
    const params = op.pattern.exec(url.pathname)?.groups ?? {};
    if (params.owner !== owner || params.repo !== name) {
      send(res, 404, { message: 'Not Found' });
      return op.template;
    }
    const data = (body ?? {}) as Record<string, unknown>;
    switch (`${method} ${op.template}`) {
      case 'GET /repos/{owner}/{repo}/git/ref/{ref}': {
        const ref = decodeURIComponent(params.ref!);
        const sha = tryGit(['rev-parse', '--verify', `refs/${ref}`]);
        if (!sha) send(res, 404, { message: 'Not Found' });
        else send(res, 200, { ref: `refs/${ref}`, object: { sha, type: 'commit' } });
        break;
      }
      case 'POST /repos/{owner}/{repo}/git/refs': {
        if (tryGit(['rev-parse', '--verify', String(data.ref)])) send(res, 422, { message: 'Reference already exists' });
        else {
          git(['update-ref', String(data.ref), String(data.sha), '']);
          send(res, 201, { ref: data.ref, object: { sha: data.sha, type: 'commit' } });
        }
        break;
      }
      case 'PATCH /repos/{owner}/{repo}/git/refs/{ref}': {
        const ref = `refs/${decodeURIComponent(params.ref!)}`;
        const current = tryGit(['rev-parse', '--verify', ref]);
        const fastForward = current !== undefined && tryGit(['merge-base', '--is-ancestor', current, String(data.sha)]) !== undefined;
        if (!current) send(res, 422, { message: 'Reference does not exist' });
        else if (!fastForward && data.force !== true) send(res, 422, { message: 'Update is not a fast forward' });
        else {
          git(['update-ref', ref, String(data.sha), current]);
          send(res, 200, { ref, object: { sha: data.sha, type: 'commit' } });
        }
        break;
      }
      case 'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': {
        const sha = params.commit_sha!;
        const message = tryGit(['log', '-1', '--format=%B', sha]);
        if (message === undefined) send(res, 404, { message: 'Not Found' });
        else send(res, 200, { sha, message, parents: git(['log', '-1', '--format=%P', sha]).split(' ').filter(Boolean).map((p) => ({ sha: p })) });
        break;
      }
      case 'GET /repos/{owner}/{repo}/compare/{basehead}': {
        const [base, head] = decodeURIComponent(params.basehead!).split('...') as [string, string];
        const status = base === head ? 'identical' : tryGit(['merge-base', '--is-ancestor', head, base]) !== undefined ? 'behind' : tryGit(['merge-base', '--is-ancestor', base, head]) !== undefined ? 'ahead' : 'diverged';
        send(res, 200, { status });
        break;
      }
      case 'GET /repos/{owner}/{repo}/pulls': {
        const head = url.searchParams.get('head');
        const base = url.searchParams.get('base');
        send(res, 200, pulls.filter((p) => (!head || `${owner}:${p.head}` === head) && (!base || p.base === base)).map(pullJson));
        break;
      }
      case 'POST /repos/{owner}/{repo}/pulls': {
        const pull = { number: pulls.length + 1, head: String(data.head), base: String(data.base), title: String(data.title), body: String(data.body ?? ''), state: 'open' as const };
        pulls.push(pull);
        send(res, 201, pullJson(pull));
        break;
      }
      case 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': {
        const pull = pulls.find((p) => p.number === Number(params.pull_number));
        if (!pull) send(res, 404, { message: 'Not Found' });
        else {
          if (typeof data.title === 'string') pull.title = data.title;
          if (typeof data.body === 'string') pull.body = data.body;
          send(res, 200, pullJson(pull));
        }
        break;
      }
    }
    return op.template;
  }

  function pullJson(p: GitHubStandIn['pulls'][number]): unknown {
    return { number: p.number, html_url: `https://github.com/${options.repository}/pull/${p.number}`, title: p.title, body: p.body, state: p.state, head: { ref: p.head }, base: { ref: p.base } };
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        invalid.push(`${req.method} ${url.pathname}: body is not JSON`);
        send(res, 400, { message: 'Problems parsing JSON' });
        return;
      }
      const method = req.method ?? 'GET';
      try {
        if (method === 'POST' && url.pathname === '/graphql') {
          requests.push({ method, path: url.pathname, route: 'graphql', body });
          graphql((body ?? {}) as { query?: unknown; variables?: Record<string, unknown> }, res);
        } else {
          const entry: ReceivedRequest = { method, path: url.pathname + url.search, route: '', body };
          requests.push(entry);
          entry.route = rest(method, url, body, res);
        }
      } catch (error) {
        invalid.push(`stand-in failure: ${(error as Error).message}`);
        if (!res.headersSent) send(res, 500, { message: (error as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    invalid,
    pulls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  };
}
