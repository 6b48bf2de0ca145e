import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Sizes stay small enough to read: no file under `src/` longer than 400 lines (committed migrations and
 * the demo's data aside), and no function (declaration, method, accessor, constructor, arrow function or
 * function expression) longer than 80 lines anywhere under `src/`. Lines are counted from a node's
 * first token (its decorators included, its leading comment not) to its last.
 */

const ROOT = resolve(__dirname, '../..');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

/** Committed migrations: a record of what ran, never edited afterwards, so neither limit applies. */
const MIGRATION = /^src\/migrations\/Migration[^/]*\.ts$/;
/** Files the file limit does not apply to (the function limit still does): the demo's data. */
const LONG_FILES_ALLOWED = [MIGRATION, /^src\/server\/demo\/demo-data\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = sourceFiles(join(ROOT, 'src')).map((path) => ({
  path: relative(ROOT, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

/** What a function node is called in a report: its name, or the name it is assigned to. */
function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && !ts.isComputedPropertyName(node.name)) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    !ts.isComputedPropertyName(parent.name)
  ) {
    return parent.name.getText();
  }
  return '(anonymous)';
}

/** Every function of `text` longer than MAX_FUNCTION_LINES, as `path:line name (n lines)`. */
function longFunctions(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_FUNCTION_LINES) {
        found.push(`${path}:${first + 1} ${nameOf(node as ts.FunctionLikeDeclaration)} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('source limits', () => {
  it('reads the sources', () => {
    expect(FILES.length).toBeGreaterThan(100);
  });

  it(`keeps every file under src/ to ${MAX_FILE_LINES} lines`, () => {
    const long = FILES.filter((file) => !LONG_FILES_ALLOWED.some((pattern) => pattern.test(file.path)))
      .map((file) => ({ path: file.path, lines: lineCount(file.text) }))
      .filter((file) => file.lines > MAX_FILE_LINES)
      .map((file) => `${file.path} (${file.lines} lines)`);
    expect(long).toEqual([]);
  });

  it(`keeps every function under src/ to ${MAX_FUNCTION_LINES} lines`, () => {
    const long = FILES.filter((file) => !MIGRATION.test(file.path)).flatMap((file) =>
      longFunctions(file.path, file.text),
    );
    expect(long).toEqual([]);
  });

  it('catches a long file and a long function', () => {
    // A function of MAX_FUNCTION_LINES + 1 lines (its header, the body, its closing brace) of each kind.
    const body = Array.from({ length: MAX_FUNCTION_LINES - 1 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    const samples = [
      `function f() {\n${body}\n}`,
      `class C {\n  m() {\n${body}\n  }\n}`,
      `const g = () => {\n${body}\n};`,
      `const h = function () {\n${body}\n};`,
    ];
    for (const sample of samples) expect(longFunctions('sample.ts', sample)).toHaveLength(1);
    const atTheLimit = `function f() {\n${body.split('\n').slice(1).join('\n')}\n}`;
    expect(longFunctions('sample.ts', atTheLimit)).toEqual([]);
    expect(lineCount('x\n'.repeat(MAX_FILE_LINES + 1))).toBe(MAX_FILE_LINES + 1);
  });
});
