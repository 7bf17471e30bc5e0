import type { RuleSpec } from '../model/rule.js';

/** A check's rules, checked for shape by the compiler and kept as literals so their ids form a type. */
export function defineRules<const T extends readonly RuleSpec[]>(rules: T): T {
  return rules;
}
