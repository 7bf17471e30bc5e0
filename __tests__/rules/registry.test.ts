import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECKS, OPTIONAL_CHECKS } from '../../src/checks/index.js';
import { exportCheck } from '../../src/export/check.js';
import { ConfigError, loadKit } from '../../src/kit/load.js';
import { renderJson } from '../../src/report/render/json.js';
import { renderRulesDoc } from '../../src/rules/docs.js';
import { findRule, fixableRuleIds, isKnownRuleKey, nearestRuleKey, RULES, ruleIds, type RuleId } from '../../src/rules/index.js';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A plain folder (no git) holding the given files. */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-guard-rules-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Rule ids written as literals in src/: `rule: 'x'`, and the first argument of the helpers that report a rule. */
function ruleLiteralsIn(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !full.includes(`${path.sep}rules${path.sep}`)) {
        const text = readFileSync(full, 'utf8');
        for (const m of text.matchAll(/\brule: '([a-z0-9-]+)'|\b(?:add|found|report|push)\(\s*'([a-z]+(?:-[a-z0-9]+)+)'|, '([a-z]+(?:-[a-z0-9]+)+)', '(?:error|warning|notice)'|'([a-z]+-[a-z-]+-(?:invalid|missing|mismatch|undocumented|unsupported|claim))'/g)) {
          found.add((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
        }
      }
    }
  };
  walk(dir);
  return found;
}

describe('rule registry', () => {
  it('every check declares exactly its registry entry, so a rule is added in src/rules/ alone', () => {
    for (const check of [...CHECKS, ...OPTIONAL_CHECKS, exportCheck]) {
      expect(check.rules).toBe(RULES[check.id as keyof typeof RULES]);
    }
  });

  it('has unique rule ids per check, each with a summary, an example and a severity', () => {
    for (const [check, rules] of Object.entries(RULES)) {
      const ids = rules.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const rule of rules) {
        expect(rule.id).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(rule.summary.length).toBeGreaterThan(10);
        expect(rule.example.input.length).toBeGreaterThan(0);
        expect(rule.example.message.length).toBeGreaterThan(0);
        expect(['error', 'warning', 'notice']).toContain(rule.severity);
      }
      expect(check).toMatch(/^[a-z-]+$/);
    }
  });

  it('knows every rule id written in src/', () => {
    const known = new Set<string>(Object.values(RULES).flatMap((rules) => rules.map((r) => r.id)));
    const literals = ruleLiteralsIn(path.resolve('src'));
    expect(literals.size).toBeGreaterThan(60);
    expect([...literals].filter((id) => !known.has(id)).sort()).toEqual([]);
  });

  it('types rule ids as a string-literal union', () => {
    const id: RuleId = 'commits/header-too-long';
    // @ts-expect-error a misspelt rule is not a RuleId
    const wrong: RuleId = 'commits/heder-too-long';
    expect([id, wrong]).toHaveLength(2);
    expect(ruleIds()).toContain(id);
  });

  it('answers which rules have a machine fix', () => {
    const fixable = fixableRuleIds();
    expect(fixable).toContain('commits/type-unknown');
    expect(fixable).not.toContain('schema/hook-invalid');
    expect(fixable.every((id) => findRule(id.split('/')[0] as string, id.split('/')[1] as string)?.fixable)).toBe(true);
  });

  it('proposes the nearest known id for an unknown one', () => {
    expect(isKnownRuleKey('commits/header-too-long')).toBe(true);
    expect(isKnownRuleKey('branch')).toBe(true);
    expect(isKnownRuleKey('commits/heder-too-long')).toBe(false);
    expect(nearestRuleKey('commits/heder-too-long')).toBe('commits/header-too-long');
    expect(nearestRuleKey('doc-trth')).toBe('doc-truth');
    expect(nearestRuleKey('zzzzzz/qqqqqqqq')).toBeUndefined();
  });

  it('rejects configuration naming an unknown rule, at its line, with the nearest id', () => {
    const dir = folderWith({ '.kit-guard.yaml': 'failOn: error\nrules:\n  branch: off\n  commits/heder-too-long: off\n' });
    let error: unknown;
    try {
      loadKit(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).findings).toEqual([
      expect.objectContaining({ check: 'config', rule: 'invalid-config', file: '.kit-guard.yaml', line: 4, column: 3, message: 'rules: "commits/heder-too-long" is not a known rule (did you mean commits/header-too-long?)' })
    ]);
  });

  it('adds each rule\'s docs link to JSON findings after `fix`, and none for an unknown rule', () => {
    const json = JSON.parse(
      renderJson({
        findings: [
          { check: 'commits', rule: 'header-too-long', severity: 'error', message: 'm', fix: 'f' },
          { check: 'other', rule: 'x', severity: 'notice', message: 'n' }
        ],
        failed: true,
        ran: ['commits']
      })
    );
    expect(Object.keys(json.findings[0])).toEqual(['check', 'rule', 'severity', 'message', 'fix', 'docs']);
    expect(json.findings[0].docs).toBe('docs/rules.md#commits-header-too-long');
    expect(json.findings[1].docs).toBeUndefined();
  });

  it('keeps docs/rules.md generated from the registry (run `npm run docs:rules`)', () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    expect(doc).toBe(renderRulesDoc());
    for (const id of ruleIds()) expect(doc).toContain(`### ${id.replace('/', '-')}`);
  });
});
