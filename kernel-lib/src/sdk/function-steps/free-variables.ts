/**
 * The names a function's code uses but does not declare, found by the TypeScript compiler's own name resolution
 * (its "Cannot find name" diagnostics over the function's text, compiled alone without any library), not by
 * regular expressions. A function step's code runs in a job of its own, so such a name must be a global of Node.js;
 * anything else (another cell's variable, a cell's import) cannot be shipped.
 */
import ts from 'typescript';

/** Names a job's bundle provides besides Node's globals: `require` and the helpers TypeScript emits for `import()`. */
export const BUNDLE_PROVIDED = ['require', '__importStar', '__importDefault'] as const;

/** One name the function uses without declaring it. */
export interface FreeVariable {
  /** The name as the user wrote it: for tslab's `exports.threshold` (another cell's `threshold`), `threshold`. */
  readonly name: string;
  /** 1-based line in the function's text. */
  readonly line: number;
}

// TypeScript's diagnostics for a name that resolves to nothing (2304 "Cannot find name", 2552 "… Did you mean",
// 2580–2593 "… Do you need to install type definitions", 2662/2663 "… Did you mean the static/instance member",
// 18004 "No value exists in scope for the shorthand property").
const NAME_NOT_FOUND = new Set([2304, 2552, 2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593, 2662, 2663, 18004]);

const FILE = 'step-function.ts';
const PREFIX = 'const __sluiceStepFunction = (\n';

/** Thrown when the text is not a function expression, arrow function or function declaration. */
export class NotAFunctionError extends Error {}

/**
 * The free variables of a function's source text (what `Function.prototype.toString` gives), in order of first
 * use, without Node's globals and what the bundle provides. tslab compiles another cell's variable `x` to
 * `exports.x`: that is reported as `x`.
 */
export function freeVariables(source: string, allowed: ReadonlySet<string> = nodeGlobals()): FreeVariable[] {
  const text = `${PREFIX}${source}\n);\n`;
  const file = ts.createSourceFile(FILE, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const host = ts.createCompilerHost({});
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.ES2022, noEmit: true };
  const program = ts.createProgram({
    rootNames: [FILE],
    options,
    host: { ...host, getSourceFile: (name) => (name === FILE ? file : undefined), fileExists: (name) => name === FILE, readFile: () => undefined },
  });
  const statement = file.statements[0];
  const initializer = statement !== undefined && ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]?.initializer : undefined;
  const inner = initializer !== undefined && ts.isParenthesizedExpression(initializer) ? initializer.expression : undefined;
  const isFunction = inner !== undefined && (ts.isFunctionExpression(inner) || ts.isArrowFunction(inner));
  if (!isFunction || file.statements.length !== 1 || program.getSyntacticDiagnostics(file).length > 0) {
    throw new NotAFunctionError('not a function expression, arrow function or function declaration');
  }
  const found: FreeVariable[] = [];
  for (const diagnostic of program.getSemanticDiagnostics(file)) {
    if (!NAME_NOT_FOUND.has(diagnostic.code) || diagnostic.start === undefined) continue;
    const node = identifierAt(file, diagnostic.start);
    if (node === undefined) continue;
    const name = cellVariableName(node) ?? node.text;
    if (allowed.has(name) && cellVariableName(node) === undefined) continue;
    if (found.some((variable) => variable.name === name)) continue;
    const line = file.getLineAndCharacterOfPosition(diagnostic.start).line; // the prefix is one line: this is 1-based
    found.push({ name, line });
  }
  return found;
}

/** `exports.name` (how tslab reads another cell's declaration): the name. */
function cellVariableName(node: ts.Identifier): string | undefined {
  const parent = node.parent;
  if (node.text === 'exports' && ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function identifierAt(file: ts.SourceFile, position: number): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (position < node.getStart(file) || position >= node.getEnd()) return;
    if (ts.isIdentifier(node) && node.getStart(file) === position) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

let globals: ReadonlySet<string> | undefined;

/** The names every Node.js program has: the global object's properties (ECMAScript's and Node's) and the bundle's. */
export function nodeGlobals(): ReadonlySet<string> {
  const names = new Set<string>();
  for (let object: object | null = globalThis; object !== null && object !== Object.prototype; object = Object.getPrototypeOf(object) as object | null) {
    for (const name of Object.getOwnPropertyNames(object)) names.add(name);
  }
  globals ??= new Set([...names, 'globalThis', 'undefined', 'arguments', ...BUNDLE_PROVIDED]);
  return globals;
}
