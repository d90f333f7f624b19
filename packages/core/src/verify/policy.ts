import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import type * as TS from 'typescript';
import { typescript } from '../util/lazy';

/**
 * The import and capability policy a generated handler must meet before it is typechecked or
 * loaded: read from the TypeScript syntax tree (not with patterns over the text, which comments,
 * strings and spacing defeat). A handler computes a response from its request and services; it
 * has no business with processes, files, the network, the environment or code built at run time.
 *
 * This is a lint with teeth, not a sandbox: it rejects every ordinary way to reach those
 * capabilities, and the usual tricks (computed access on the global object, the Function
 * constructor through `.constructor`), but the candidate still runs in this process afterwards.
 * Hostile code that survives it is beyond what an in-process check can promise.
 */

export interface PolicyOptions {
  /** The file name used in messages, relative to the output folder (`implementations/getPet.ts`). */
  readonly fileName: string;
  /** Module specifiers allowed besides `@specwright/runtime` and the emitted type modules (a package also allows its subpaths). */
  readonly allowImports?: readonly string[];
  /** The project's context module, relative to the output folder (`../context.ts`): candidates may import it. */
  readonly contextFile?: string;
}

/** Every rule, as named in messages. */
export type PolicyRule =
  | 'import-not-allowed'
  | 'builtin-module'
  | 'dynamic-import'
  | 'require'
  | 'module-internals'
  | 'eval'
  | 'function-constructor'
  | 'process'
  | 'global-object'
  | 'network'
  | 'with-statement'
  | 'triple-slash-reference'
  | 'ts-directive'
  | 'ambient-declaration'
  | 'any-cast';

/** Modules every handler may import. */
const ALWAYS_ALLOWED = ['@specwright/runtime'];
/** Emitted modules, relative to the output folder, that handlers may import (types only: they have no values). */
const EMITTED_MODULES = ['handler-types', 'types'];

/** Globals a handler may not touch, with the rule and why, as the model reads it. */
const FORBIDDEN_GLOBALS: ReadonlyMap<string, { rule: PolicyRule; why: string }> = new Map([
  ['require', { rule: 'require', why: '`require` loads arbitrary modules; use a static `import` of an allowed module' }],
  ['module', { rule: 'module-internals', why: '`module` is the CommonJS loader object' }],
  ['exports', { rule: 'module-internals', why: 'use `export` declarations, not the CommonJS `exports` object' }],
  ['__dirname', { rule: 'module-internals', why: 'handlers do not touch the file system' }],
  ['__filename', { rule: 'module-internals', why: 'handlers do not touch the file system' }],
  ['eval', { rule: 'eval', why: 'code built at run time cannot be checked' }],
  ['Function', { rule: 'function-constructor', why: 'the Function constructor builds code at run time, which cannot be checked' }],
  ['process', { rule: 'process', why: 'handlers do not read the environment or control the process; take configuration from `services`' }],
  ['globalThis', { rule: 'global-object', why: 'the global object reaches every capability by name' }],
  ['global', { rule: 'global-object', why: 'the global object reaches every capability by name' }],
  ['window', { rule: 'global-object', why: 'the global object reaches every capability by name' }],
  ['self', { rule: 'global-object', why: 'the global object reaches every capability by name' }],
  ['fetch', { rule: 'network', why: 'handlers do not call the network; put outside calls behind `services`' }],
  ['XMLHttpRequest', { rule: 'network', why: 'handlers do not call the network; put outside calls behind `services`' }],
  ['WebSocket', { rule: 'network', why: 'handlers do not call the network; put outside calls behind `services`' }],
  ['EventSource', { rule: 'network', why: 'handlers do not call the network; put outside calls behind `services`' }],
  ['WebAssembly', { rule: 'eval', why: 'code built at run time cannot be checked' }],
]);

/** A comment line that switches the typecheck off for a line or the file (any line of a block comment counts). */
const TS_DIRECTIVE = /^[\s/*]*@ts-(nocheck|ignore|expect-error)\b/m;

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, name.split('/')[0] as string]));

/**
 * The policy violations of a candidate module, each `implementations/x.ts(line,col): policy
 * error <rule>: <what and what to do instead>`, in source order. Empty: the module complies.
 */
export function checkPolicy(code: string, options: PolicyOptions): string[] {
  const ts = typescript();
  const source = ts.createSourceFile(options.fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: { pos: number; text: string }[] = [];
  const report = (node: TS.Node | number, rule: PolicyRule, message: string): void => {
    const pos = typeof node === 'number' ? node : node.getStart(source);
    const { line, character } = source.getLineAndCharacterOfPosition(pos);
    findings.push({ pos, text: `${options.fileName}(${line + 1},${character + 1}): policy error ${rule}: ${message}` });
  };
  const allowed = allowedImports(options);

  const checkSpecifier = (node: TS.Node, specifier: TS.Expression | undefined): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) {
      report(node, 'import-not-allowed', 'the module specifier must be a string literal');
      return;
    }
    const name = specifier.text;
    if (allowed(name)) return;
    if (name.startsWith('node:') || BUILTINS.has(name) || BUILTINS.has(name.split('/')[0] as string)) {
      report(specifier, 'builtin-module', `"${name}" is a Node.js built-in module; handlers may not use processes, files, the network or other runtime internals. ${importsHint(options)}`);
      return;
    }
    report(specifier, 'import-not-allowed', `"${name}" is not an allowed import. ${importsHint(options)}`);
  };

  for (const directive of [...source.referencedFiles, ...source.typeReferenceDirectives, ...source.libReferenceDirectives]) {
    report(directive.pos, 'triple-slash-reference', 'triple-slash references are not allowed: they pull other files and ambient types into the check');
  }
  for (const comment of comments(ts, source)) {
    const match = TS_DIRECTIVE.exec(code.slice(comment.pos, comment.end));
    if (match) report(comment.pos + match.index, 'ts-directive', `\`@ts-${match[1]}\` switches the typecheck off; fix the type error instead`);
  }

  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier)) {
      checkSpecifier(node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      checkSpecifier(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      report(node, 'dynamic-import', 'dynamic `import()` is not allowed; use a static `import` of an allowed module');
    } else if (ts.isImportTypeNode(node)) {
      // `import('x').T` in a type: no code runs, but it reaches modules the imports could not.
      const argument = node.argument;
      const name = ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal) ? argument.literal.text : undefined;
      if (name === undefined || !allowed(name)) report(node, 'import-not-allowed', `\`import(${name === undefined ? '…' : `"${name}"`})\` types may only name allowed modules. ${importsHint(options)}`);
    } else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      report(node, 'module-internals', '`import.meta` is not available to handlers');
    } else if (ts.isWithStatement(node)) {
      report(node, 'with-statement', '`with` is not allowed: it makes every name in its block a lookup on an object');
    } else if (ts.isIdentifier(node)) {
      const forbidden = FORBIDDEN_GLOBALS.get(node.text);
      if (forbidden && isValueReference(ts, node)) report(node, forbidden.rule, `\`${node.text}\` is not available to handlers: ${forbidden.why}`);
    } else if (ts.isPropertyAccessExpression(node) && node.name.text === 'constructor') {
      report(node.name, 'function-constructor', '`.constructor` is not allowed: through it any function reaches the Function constructor');
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'constructor') {
      report(node.argumentExpression, 'function-constructor', '`["constructor"]` is not allowed: through it any function reaches the Function constructor');
    } else if (ts.isModuleDeclaration(node)) {
      // `declare module '../handler-types.js'` or `declare global` would change the types the check holds the handler to.
      report(node, 'ambient-declaration', '`declare module`, `declare global` and namespaces are not allowed: they would change the types the handler is checked against');
    } else if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && node.type.kind === ts.SyntaxKind.AnyKeyword) {
      report(node.type, 'any-cast', 'a cast to `any` hides the contract from the typecheck; give the value its declared type');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  return findings.sort((a, b) => a.pos - b.pos).map((finding) => finding.text);
}

/** Whether a module specifier is allowed: runtime, the project's list, the emitted type modules and the context file. */
function allowedImports(options: PolicyOptions): (specifier: string) => boolean {
  const packages = [...ALWAYS_ALLOWED];
  const extra = options.allowImports ?? [];
  // Relative specifiers are resolved from the candidate's folder (`implementations/repos` for `repos/get`).
  const folder = posix.dirname(options.fileName);
  const relativeTargets = new Set(EMITTED_MODULES);
  if (options.contextFile !== undefined) relativeTargets.add(posix.normalize(options.contextFile).replace(/\.[cm]?tsx?$/, ''));
  return (specifier) => {
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      // The module the specifier names, relative to the output folder, without `.js`.
      const target = posix.normalize(posix.join(folder, specifier)).replace(/\.js$/, '');
      return relativeTargets.has(target);
    }
    if (packages.includes(specifier)) return true;
    // A package the project allows also allows its subpaths (`date-fns/format`).
    return extra.some((name) => specifier === name || specifier.startsWith(`${name}/`));
  };
}

function importsHint(options: PolicyOptions): string {
  const folder = posix.dirname(options.fileName);
  const fromFolder = (target: string): string => {
    const path = posix.relative(folder, posix.normalize(target));
    return path.startsWith('.') ? path : `./${path}`;
  };
  const relative = ['handler-types.js', 'types.js'].map(fromFolder);
  if (options.contextFile !== undefined) relative.push(fromFolder(options.contextFile).replace(/\.[cm]?tsx?$/, '.js'));
  return `Allowed imports: ${[...ALWAYS_ALLOWED, ...(options.allowImports ?? []), ...relative].map((name) => `"${name}"`).join(', ')}.`;
}

/**
 * Whether an identifier names a value (a variable reference or binding), not a property name,
 * a label or something in a type. `foo.process` and `{ eval: 1 }` are fine; `process.env`,
 * `const process = …` and `{ process }` are not (a local named like a forbidden global is
 * refused too, so the rule never depends on scope analysis).
 */
function isValueReference(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent)) &&
    parent.name === node
  ) {
    return false;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  // `import { a as b }`: `a` names the other module's export; `b` is a local binding.
  if (ts.isImportSpecifier(parent)) return parent.name === node;
  // `export { a as b }`: `a` is the local reference, `b` the exported name; a re-export names no local.
  if (ts.isExportSpecifier(parent)) return parent.parent.parent.moduleSpecifier === undefined && (parent.propertyName ?? parent.name) === node;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isJsxAttribute(parent)) return false;
  // Anything inside a type (`typeof globalThis`, `x: Function`) is erased: no code runs.
  for (let current: TS.Node | undefined = parent; current; current = current.parent) {
    if (ts.isTypeNode(current) && !ts.isExpressionWithTypeArguments(current)) return false;
    if (ts.isTypeAliasDeclaration(current) || ts.isInterfaceDeclaration(current)) return false;
  }
  return true;
}

/** Every comment in the file: the leading trivia of every token (the end-of-file token included). */
function comments(ts: typeof TS, source: TS.SourceFile): TS.CommentRange[] {
  const text = source.getFullText();
  const found: TS.CommentRange[] = [];
  const seen = new Set<number>();
  const collect = (node: TS.Node): void => {
    // A JSDoc node lies inside its comment, which is the leading trivia of the next token.
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (node.kind < ts.SyntaxKind.FirstNode || node.getChildCount(source) === 0) {
      for (const range of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) {
        if (!seen.has(range.pos)) found.push(range);
        seen.add(range.pos);
      }
      return;
    }
    for (const child of node.getChildren(source)) collect(child);
  };
  collect(source);
  return found;
}
