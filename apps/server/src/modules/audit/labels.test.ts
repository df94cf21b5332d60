import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTION_LABELS } from '@cjrh/domain';

// The province's audit page shows labels, not codes: every action the server writes must have one (issue 15).
const SRC = join(__dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
const source = files(SRC)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('audit action labels', () => {
  it('labels every literal action code written by the server, in Chinese', () => {
    const literal = [
      ...source.matchAll(/action: (?:[\w.]+ \? )?'([a-z_]+\.[a-z_.]+|logout)'(?: : '([a-z_]+\.[a-z_.]+)')?/g),
    ]
      .flatMap((m) => [m[1], m[2]])
      .filter(Boolean);
    expect(literal.length).toBeGreaterThan(60);
    const missing = [...new Set(literal)].filter((code) => !AUDIT_ACTION_LABELS[code]);
    expect(missing).toEqual([]);
    for (const label of Object.values(AUDIT_ACTION_LABELS)) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });

  it('labels codes built from an action (`form.${action}`) under their prefix', () => {
    const prefixes = [...source.matchAll(/action: `([a-z_.]+?)\$\{/g)].map((m) => m[1]);
    expect(prefixes.length).toBeGreaterThan(5);
    for (const p of prefixes)
      expect(
        Object.keys(AUDIT_ACTION_LABELS).some((k) => k.startsWith(p)),
        p,
      ).toBe(true);
  });
});
