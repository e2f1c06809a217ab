/**
 * The import structure the architecture promises: no circles anywhere in src/, the core imports
 * nothing outside itself, and dependencies never point up from adapters or application to interfaces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of each file (type-only ones too: a circle of types is still a tangle), as src-relative paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/\bfrom\s+'(\.[^']+)'/g)].map((m) =>
      relative(SRC, resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))),
    );
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const layerOf = (file: string): string => file.split('/')[0] ?? '';
const INTERFACES = ['http', 'cli'];

describe('the import structure of src/', () => {
  const graph = importGraph();

  it('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('keeps the core pure: it imports nothing outside src/core', () => {
    const leaks = [...graph].flatMap(([file, targets]) =>
      layerOf(file) === 'core'
        ? targets.filter((t) => layerOf(t) !== 'core').map((t) => `${file} -> ${t}`)
        : [],
    );
    expect(leaks).toEqual([]);
  });

  it('never imports an interface (http, cli) from below it', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      INTERFACES.includes(layerOf(file))
        ? []
        : targets.filter((t) => INTERFACES.includes(layerOf(t))).map((t) => `${file} -> ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it('sees the whole tree (a guard against a broken file walk)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli/main.ts')).toContain('cli/context.ts');
  });
});
