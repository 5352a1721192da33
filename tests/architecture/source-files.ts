import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folders that hold no source of ours: dependencies, run outputs, build outputs. */
const SKIP_DIRS = new Set(['node_modules', 'runs', 'dist', 'test-artifacts', 'results']);

/**
 * Every code file (.ts, .tsx, .js, .mjs) of the repository, as a path relative to the root with `/` separators.
 * In a git checkout these are the files git tracks or would track, so build outputs that git ignores (the
 * bundled dashboard) are left out; elsewhere every file below the root but the skipped folders.
 */
export function codeFiles(dir = ROOT): string[] {
  const listed = gitFiles();
  if (listed) return listed.filter((f) => existsSync(join(ROOT, f)) && /\.(ts|tsx|js|mjs)$/.test(f) && !f.endsWith('.d.ts'));
  return walk(dir);
}

function gitFiles(): string[] | null {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\0').filter((f) => f !== '' && !f.split('/').some((part) => part.startsWith('.') || SKIP_DIRS.has(part)));
  } catch {
    return null;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const p = join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(p);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [relative(ROOT, p).split('\\').join('/')] : [];
  });
}

/** One import of a file: the specifier as written, the line it is on, and the repository file it resolves to (null: a package). */
export interface ImportEdge {
  specifier: string;
  line: number;
  target: string | null;
}

/** The package's own name: `strata/lib` is the library entry (package.json "exports"; its `strata-source` condition is the TypeScript file). */
const SELF = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string | Record<string, string>> };

/** Every static, dynamic and type-position import and re-export of a file. */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ specifier, line, target: resolveSpecifier(file, specifier) });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node, node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function resolveSpecifier(from: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const abs = resolve(ROOT, dirname(from), specifier);
    const found = [abs, abs.replace(/\.js$/, '.ts'), `${abs}.ts`, join(abs, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
    return relative(ROOT, found ?? abs).split('\\').join('/');
  }
  const target = specifier.startsWith(`${SELF.name}/`) ? SELF.exports[`.${specifier.slice(SELF.name.length)}`] : undefined;
  const self = typeof target === 'string' ? target : target?.['strata-source'];
  return self ? self.replace(/^\.\//, '') : null;
}

/** The top-level folder of a repository path (`engine`, `backtest`, ...; `.` for a file at the root). */
export function topFolder(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

/** Whether a file is a test (beside the code or in tests/). */
export const isTest = (path: string) => /\.test\.tsx?$/.test(path);
