import type { CanonicalHookEvent, HostCompiler, HostId } from '../types.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import type { FileRule, HostDefinition } from './definition.js';
import { gemini } from './gemini.js';

/**
 * The host registry: one module per host (`./<id>.ts`, a HostDefinition), listed once here in
 * the order outputs and reports list them. Every per-host table below is derived from it, and
 * `HostId` (types.ts) is the union of these ids, so adding a host is its module plus one line here.
 *
 * Only modules above the hosts import this file: the host modules and their helpers
 * (shared.ts, definition.ts, ../vocabulary.ts, ../render.ts, ../references.ts) must not, or
 * an ES module cycle would read a registry that is not evaluated yet.
 */
export const HOSTS = [claude, codex, gemini, cursor, copilot] as const;

/** Every host, in the order outputs and reports list them. */
export const HOST_IDS: readonly HostId[] = HOSTS.map((host) => host.id);

/** True when `name` is one of our host ids. */
export function isHostId(name: string): name is HostId {
  return (HOST_IDS as readonly string[]).includes(name);
}

/** The definition of one host. */
export function hostDefinition(id: HostId): HostDefinition {
  return HOSTS.find((host) => host.id === id) as HostDefinition;
}

/** One value per host, by id, read from the definitions. */
function byHost<T>(pick: (host: HostDefinition) => T): Readonly<Record<HostId, T>> {
  return Object.fromEntries(HOSTS.map((host) => [host.id, pick(host)])) as Record<HostId, T>;
}

/** Host names for messages. */
export const HOST_LABELS: Readonly<Record<HostId, string>> = byHost((host) => host.label);

/** Every hook event each host documents. */
export const HOST_EVENTS: Readonly<Record<HostId, readonly string[]>> = byHost((host) => host.events);

/** Canonical event -> the host's event; a missing entry means the host has no equivalent. */
export const EVENT_MAP: Readonly<Record<HostId, Readonly<Partial<Record<CanonicalHookEvent, string>>>>> = byHost((host) => host.eventMap);

/** How a host spells "the project folder" in a hook command. */
export const PROJECT_DIR: Readonly<Record<HostId, string>> = byHost((host) => host.projectDir);

/** What each host reads, by path (see validate.ts). */
export const HOST_FILE_RULES: Readonly<Record<HostId, readonly FileRule[]>> = byHost((host) => host.fileRules);

/** Each host's own slash commands, which an exported workflow or skill should not reuse. */
export const HOST_BUILTIN_COMMANDS: Readonly<Record<HostId, readonly string[]>> = byHost((host) => host.builtinCommands);

/** One compiler per host, by id. */
export const HOST_COMPILERS: Readonly<Record<HostId, HostCompiler>> = byHost((host) => ({ host: host.id, compile: (model, options) => host.compile(model, options) }));

export { claude, codex, copilot, cursor, gemini, type FileRule, type HostDefinition };
