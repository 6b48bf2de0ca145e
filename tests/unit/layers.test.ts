import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The layers hold in the import graph, not only on paper: every relative import under `src/` and
 * `bench/` follows the allowed-edges table of CONTRIBUTING.md ("Layers"), and a domain folder of
 * `src/services/` is entered only through its `index.ts`.
 */

const ROOT = resolve(__dirname, '../..');

interface Rule {
  folder: string;
  mayImport: string[];
}

/** The table under "## Layers" in CONTRIBUTING.md: `| folder | may import | holds |`. */
function readRules(): Rule[] {
  const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
  const section = text.split('\n## Layers')[1]?.split('\n## ')[0] ?? '';
  const rules: Rule[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const folder = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!folder) continue;
    const mayImport = [...(cells[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    rules.push({ folder: folder.replace(/\/$/, ''), mayImport: mayImport.map((f) => f.replace(/\/$/, '')) });
  }
  return rules;
}

const RULES = readRules();

/** The folder of the table a file belongs to: the longest matching entry (`*` matches one folder). */
function zoneOf(file: string): string | undefined {
  const matches = RULES.map((r) => r.folder).filter((folder) => matchesFolder(file, folder));
  return matches.sort((a, b) => b.length - a.length)[0];
}

function matchesFolder(file: string, folder: string): boolean {
  const pattern = new RegExp(`^${folder.replace(/\*/g, '[^/]+')}(/|$)`);
  return pattern.test(file);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts'));
}

/** Kernel folders of the services: plumbing every domain uses, imported file by file. */
const KERNEL = ['src/services/core', 'src/services/events', 'src/services/auth'];

/** The domain folder of `src/services/` a file is in (undefined for kernel and other files). */
function domainOf(file: string): string | undefined {
  const match = /^src\/services\/([^/]+)\//.exec(file);
  if (!match) return undefined;
  const folder = `src/services/${match[1]}`;
  return KERNEL.includes(folder) ? undefined : folder;
}

const FILES = [...sourceFiles('src'), ...sourceFiles('bench')];

it('has a rule for every source folder', () => {
  expect(RULES.length).toBeGreaterThan(10);
  expect(FILES.filter((file) => !zoneOf(file))).toEqual([]);
});

it('imports only what the layer table allows (no import climbs)', () => {
  const climbs: string[] = [];
  for (const file of FILES) {
    const zone = zoneOf(file)!;
    const allowed = RULES.find((r) => r.folder === zone)!.mayImport;
    for (const target of importsOf(file)) {
      const to = zoneOf(target);
      if (!to || to === zone) continue;
      if (!allowed.some((folder) => folder === '*' || matchesFolder(target, folder))) {
        climbs.push(`${file} -> ${target}`);
      }
    }
  }
  expect(climbs).toEqual([]);
});

it('enters a domain folder of the services only through its index.ts', () => {
  const bypasses: string[] = [];
  for (const file of FILES) {
    const own = domainOf(file);
    for (const target of importsOf(file)) {
      const outsideKernel =
        !file.startsWith('src/services/') && KERNEL.some((k) => target.startsWith(`${k}/`));
      const domain = domainOf(target);
      const crosses = (domain && domain !== own) || outsideKernel;
      if (crosses && !target.endsWith('/index.ts')) bypasses.push(`${file} -> ${target}`);
    }
  }
  expect(bypasses).toEqual([]);
});

it('gives each domain folder an index.ts that opens with what the folder owns', () => {
  const folders = readdirSync(join(ROOT, 'src/services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `src/services/${entry.name}`);
  const undescribed = folders.filter((folder) => {
    try {
      return !readFileSync(join(ROOT, folder, 'index.ts'), 'utf8').startsWith('/**');
    } catch {
      return true;
    }
  });
  expect(undescribed).toEqual([]);
});
