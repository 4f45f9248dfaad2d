import ts from 'typescript';

/**
 * What a package entry point exports without a TSDoc comment: the exported symbols themselves, and the fields of its
 * `*Options` shapes (the options a constructor or call takes, most of them a SageMaker request field). Each entry
 * reads `Name (file)` or `Owner.field (file)`, the file relative to `sourceDir`.
 */
export interface UndocumentedSurface {
  symbols: string[];
  optionFields: string[];
}

/**
 * Reads the exports of `entry` with the compiler's checker over the sources of `sourceDir` alone: no lib and no
 * node_modules (`noResolve`), so it takes seconds, and what a comment is attached to is what TypeDoc would render.
 */
export function undocumentedSurface(sourceDir: string, entry: string): UndocumentedSurface {
  const files = ts.sys.readDirectory(sourceDir, ['.ts']);
  const program = ts.createProgram(files, {
    noEmit: true,
    noResolve: true,
    noLib: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const entryFile = program.getSourceFile(entry);
  const moduleSymbol = entryFile && checker.getSymbolAtLocation(entryFile);
  if (!moduleSymbol) throw new Error(`${entry} is not a module among the sources of ${sourceDir}`);
  const where = (declaration: ts.Declaration | undefined): string =>
    declaration ? declaration.getSourceFile().fileName.slice(sourceDir.length).replace(/^\//, '') : 'unknown file';

  const symbols: string[] = [];
  const optionFields = new Set<string>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (symbol.getDocumentationComment(checker).length === 0) symbols.push(`${exported.name} (${where(declaration)})`);
    if (!exported.name.endsWith('Options') || !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
    for (const field of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      const fieldDeclaration = field.declarations?.[0];
      // A field inherited from another options shape is reported once, under the shape that declares it.
      if (fieldDeclaration && field.getDocumentationComment(checker).length === 0) {
        optionFields.add(`${ownerName(fieldDeclaration) ?? exported.name}.${field.name} (${where(fieldDeclaration)})`);
      }
    }
  }
  return { symbols, optionFields: [...optionFields] };
}

function ownerName(field: ts.Declaration): string | undefined {
  const owner = field.parent;
  if (ts.isInterfaceDeclaration(owner)) return owner.name.text;
  if (ts.isTypeLiteralNode(owner) && ts.isTypeAliasDeclaration(owner.parent)) return owner.parent.name.text;
  return undefined;
}
