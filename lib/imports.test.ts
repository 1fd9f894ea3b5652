import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders tell the story only while the arrows point one way: jobs/ attaches handlers to
// lib/, and nothing in lib/ or app/ may reach back into jobs/ (senders use lib/queue/catalog.ts).

const root = path.resolve(import.meta.dirname, '..');
const FOLDERS = ['app', 'components', 'jobs', 'lib', 'scripts'];
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(root, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of FOLDERS.flatMap((f) => sourceFiles(path.join(root, f)))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((m) => resolveImport(file, m[1] ?? m[2] ?? m[3])).filter((t): t is string => t !== null);
    graph.set(path.relative(root, file), [...new Set(targets.map((t) => path.relative(root, t)))]);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan): each is an import cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('jobs/registry.ts')).toContain('jobs/video-generate.ts');
  });

  // Integration tests may start a real worker with every handler; nothing imports a test.
  it('has no file in lib/ or app/ that imports jobs/', () => {
    const offenders = [...graph]
      .filter(([file]) => /^(lib|app)\//.test(file) && !/\.test\.tsx?$/.test(file))
      .flatMap(([file, targets]) => targets.filter((t) => t.startsWith('jobs/')).map((t) => `${file} → ${t}`));
    expect(offenders).toEqual([]);
  });

  it('has no import cycle through jobs/', () => {
    expect(cycles(graph).filter((c) => c.some((f) => f.startsWith('jobs/')))).toEqual([]);
  });

  it('writes job rows in one place: lib/lifecycle/transitions.ts', () => {
    const writers = [...graph.keys()]
      .filter((file) => !/\.test\.tsx?$/.test(file) && file !== 'lib/lifecycle/transitions.ts')
      .filter((file) => /\.update\((videoJobs|audioJobs)\)|update\s+(video|audio)_jobs/.test(readFileSync(path.join(root, file), 'utf8')));
    expect(writers).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const looped = new Map([
      ['jobs/a.ts', ['lib/b.ts']],
      ['lib/b.ts', ['jobs/a.ts']],
      ['lib/c.ts', ['lib/b.ts']],
    ]);
    expect(cycles(looped)).toEqual([['jobs/a.ts', 'lib/b.ts']]);
  });
});
