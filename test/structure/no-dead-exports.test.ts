/**
 * No dead exports: every name a source module exports is imported by another module (source, script or test). An
 * export nobody imports is either dead code or a name that should stay private to its file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

const hasExport = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a module exports itself (declarations and `export { ... }` lists without a source). */
function exportsOf(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const s of source.statements) {
    if (ts.isVariableStatement(s) && hasExport(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(s) ||
        ts.isClassDeclaration(s) ||
        ts.isInterfaceDeclaration(s) ||
        ts.isTypeAliasDeclaration(s) ||
        ts.isEnumDeclaration(s)) &&
      hasExport(s) &&
      s.name
    ) {
      names.push(s.name.text);
    } else if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) names.push(e.name.text);
    }
  }
  return names;
}

/** What each module imports from the others: names by target file, or '*' for a namespace or dynamic import. */
function importsOf(file: string, source: ts.SourceFile, used: Map<string, Set<string>>): void {
  const add = (specifier: string, names: string[]) => {
    if (!specifier.startsWith('.')) return;
    const target = relative(root, resolve(dirname(join(root, file)), specifier));
    let set = used.get(target);
    if (!set) used.set(target, (set = new Set()));
    for (const n of names) set.add(n);
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = (node.moduleSpecifier as ts.StringLiteral).text;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) add(spec, ['*']);
        else if (bindings)
          add(
            spec,
            bindings.elements.map((e) => (e.propertyName ?? e.name).text),
          );
        if (clause?.name) add(spec, ['default']);
      } else if (!node.exportClause) add(spec, ['*']);
      else if (ts.isNamedExports(node.exportClause))
        add(
          spec,
          node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text),
        );
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, [node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '*']);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, ['*']);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

describe('no dead exports (issue 21)', () => {
  it('When every module is read, then each name src/ exports is imported somewhere else', () => {
    const files = ['src', 'scripts', 'test', 'web'].flatMap((d) => tsFiles(d));
    const used = new Map<string, Set<string>>();
    const sources = new Map<string, ts.SourceFile>();
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
      sources.set(file, source);
      importsOf(file, source, used);
    }
    const dead: string[] = [];
    for (const [file, source] of sources) {
      if (!file.startsWith('src/') || file === 'src/main.ts') continue;
      const importers = used.get(file) ?? new Set<string>();
      if (importers.has('*')) continue;
      for (const name of exportsOf(source)) if (!importers.has(name)) dead.push(`${file}: ${name}`);
    }
    expect(dead).toEqual([]);
  });
});
