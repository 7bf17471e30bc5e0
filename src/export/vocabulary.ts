/**
 * Constants and helpers shared by the model builder (canonical.ts) and the host modules.
 * They live here, not in canonical.ts, because canonical.ts reads the host registry
 * (hosts/index.ts) and the host modules must not import anything that does: that would be
 * an ES module cycle, evaluated in an order that depends on which module is loaded first.
 */

/** The check id every export finding carries. */
export const EXPORT_CHECK = 'export';

/** `host_fallback` values that mean "wire the hook natively, running its script (or its own command)". */
export const NATIVE_FALLBACKS = new Set(['native', 'native_hook', 'native_or_wrapper', 'hook']);
/** `host_fallback` values that mean "wire the hook natively, but run the kit's wrapper command". */
export const WRAPPER_FALLBACKS = new Set(['wrapper', 'wrapper_command']);
/** `host_fallback` values that mean "do not export this hook to this host". */
export const SKIP_FALLBACKS = new Set(['none', 'skip', 'unsupported', 'manual', 'manual_step', 'disabled', 'off']);

/** `{line}` for a key when known, for spreading into a finding. */
export function lineOf(lines: Record<string, number>, key: string): { line?: number } {
  const line = lines[key];
  return line === undefined ? {} : { line };
}
