import { describe, expect, it } from 'vitest';
import { codeFiles, importsOf, isTest, topFolder, type ImportEdge } from './source-files.ts';

/**
 * Which top-level folders the sources of each folder may import: the arrows point down, from the entry points
 * (cli) through the applications (web, notebooks) and the runners (backtest) to data and the pure engine.
 * Tests (`*.test.ts` anywhere, tests/) may import anything; bench and testkit anything but the CLI. The CLI may
 * import bench (`strata bench` runs the suites); no other source imports bench, tests or testkit.
 */
const ALLOWED: Record<string, readonly string[] | 'any'> = {
  engine: ['engine'],
  data: ['engine', 'data'],
  backtest: ['data', 'engine', 'backtest'],
  web: ['backtest', 'data', 'engine', 'web'],
  notebooks: ['backtest', 'data', 'engine', 'notebooks'],
  examples: ['engine', 'examples'],
  cli: ['engine', 'data', 'backtest', 'web', 'notebooks', 'examples', 'bench', 'cli'],
  bin: ['cli'],
  types: [],
  bench: ['engine', 'data', 'backtest', 'web', 'notebooks', 'examples', 'testkit', 'bench'],
  testkit: ['engine', 'data', 'backtest', 'web', 'testkit'],
  tests: 'any',
};

const FILES = codeFiles();
const GRAPH = new Map<string, ImportEdge[]>(FILES.map((f) => [f, importsOf(f)]));

/** `file:line imports 'specifier'` for every import of a source file that its folder may not make. */
function upwardImports(): string[] {
  return FILES.filter((f) => !isTest(f) && topFolder(f) !== '.').flatMap((file) => {
    const folder = topFolder(file);
    const allowed = ALLOWED[folder];
    if (allowed === undefined) return [`${file}: folder ${folder}/ has no import rule (add it to ALLOWED)`];
    if (allowed === 'any') return [];
    return GRAPH.get(file)!
      .filter((e) => e.target !== null && !allowed.includes(topFolder(e.target)))
      .map((e) => `${file}:${e.line} imports '${e.specifier}' (${e.target}): ${folder}/ may import only ${allowed.join(', ') || 'nothing of ours'}`);
  });
}

/** Every import circle between files, each as `a -> b -> ... -> a` (Tarjan's strongly connected components). */
function importCircles(): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[] = [];
  let next = 0;
  const targets = (f: string) => [...new Set((GRAPH.get(f) ?? []).map((e) => e.target).filter((t): t is string => t !== null && GRAPH.has(t)))];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of targets(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || targets(v).includes(v)) circles.push(cyclePath(component, targets));
  };
  for (const f of [...GRAPH.keys()].sort()) if (!index.has(f)) connect(f);
  return circles;
}

/** One concrete circle through a strongly connected component, for the failure message. */
function cyclePath(component: string[], targets: (f: string) => string[]): string {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const path = [start];
  const seen = new Set([start]);
  let at = start;
  for (;;) {
    const nextHop = targets(at).filter((t) => members.has(t)).sort();
    const back = nextHop.find((t) => t === start);
    if (back) break;
    const fresh = nextHop.find((t) => !seen.has(t)) ?? nextHop[0];
    if (seen.has(fresh)) {
      path.push(fresh);
      return `${path.join(' -> ')} (circle closes at ${fresh})`;
    }
    path.push(fresh);
    seen.add(fresh);
    at = fresh;
  }
  return [...path, start].join(' -> ');
}

describe('import structure', () => {
  it('finds the imports of the files it checks (the parser sees static, dynamic and type imports)', () => {
    expect(FILES.length, 'the walk reaches the sources').toBeGreaterThan(300);
    const manager = GRAPH.get('engine/manager.ts')!;
    expect(manager.some((e) => e.target === 'engine/instance.ts'), 'engine/manager.ts imports engine/instance.ts').toBe(true);
    const sweepCli = GRAPH.get('cli/commands/sweep.ts')!;
    expect(sweepCli.some((e) => e.specifier.includes('distributed/coordinator.ts')), 'the dynamic import of the coordinator is seen').toBe(true);
  });

  it('has no import circles between files', () => {
    expect(importCircles(), 'import circles (break each with an interface the lower file owns)').toEqual([]);
  });

  it('imports only downward: engine <- data <- backtest <- web, notebooks <- cli; no source imports bench, tests or testkit', () => {
    expect(upwardImports(), 'imports that run upward or into test code').toEqual([]);
  });
});
