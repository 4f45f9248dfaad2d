/** `pipeline.openInDesigner()`: the definition as a `*.pipeline.json` file next to the notebook, which JupyterLab opens in the designer. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { entriesOf, isObjectValue, member, pyJsonDumps, pyJsonLoads, type JsonMap, type JsonValue } from './json.js';

/** The extension JupyterLab's pipeline designer opens. */
export const designerFileExtension = '.pipeline.json';

/**
 * A definition written for the designer: where it is, and the link a notebook cell shows (relative to the notebook's
 * folder, which JupyterLab resolves and opens with the file's default viewer, the designer). A cell that ends with it
 * shows that link.
 */
export class DesignerFile {
  constructor(
    /** The file's absolute path. */
    readonly path: string,
    /** The path relative to the kernel's folder (the notebook's), `/`-separated and URL-encoded: the link's href. */
    readonly href: string,
  ) {}
}

/**
 * Writes `definition` to `path` (default `<name>.pipeline.json` in the current folder, the notebook's in a kernel). A
 * layout the designer stored in the file's `Metadata` is kept: the pipeline comes from code, the positions from the file.
 */
export function writeDesignerFile(name: string, definition: JsonValue, path?: string): DesignerFile {
  if (path === undefined && name === '')
    throw new Error('openInDesigner: the pipeline has no name; give the file path, e.g. openInDesigner("My.pipeline.json").');
  const file = resolve(path ?? `${name}${designerFileExtension}`);
  if (!file.endsWith(designerFileExtension)) {
    throw new Error(`openInDesigner: ${file} does not end with ${designerFileExtension}, so JupyterLab would not open it in the designer.`);
  }
  const layout = storedMetadata(file);
  writeFileSync(file, pyJsonDumps(layout === undefined ? definition : withMetadata(definition, layout)));
  const href = relative(process.cwd(), file).split(sep).map(encodeURIComponent).join('/');
  return new DesignerFile(file, href);
}

/** The non-empty `Metadata` of the definition already in `file`, if it holds one. */
function storedMetadata(file: string): JsonValue | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const metadata = member(pyJsonLoads(readFileSync(file, 'utf8')), 'Metadata');
    return isObjectValue(metadata) && entriesOf(metadata).length > 0 ? metadata : undefined;
  } catch {
    // Not JSON (a file being written by hand): the definition replaces it.
    return undefined;
  }
}

function withMetadata(definition: JsonValue, metadata: JsonValue): JsonValue {
  if (!isObjectValue(definition)) return definition;
  const result: JsonMap = new Map(entriesOf(definition));
  result.set('Metadata', metadata);
  return result;
}
