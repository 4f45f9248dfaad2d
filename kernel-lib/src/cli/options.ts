/** `--name value`, `--name=value` and bare `--flag` options after a command's words. */
export interface ParsedOptions {
  values: Map<string, string>;
  flags: Set<string>;
  words: string[];
}

export function parseOptions(args: readonly string[], valued: readonly string[]): ParsedOptions {
  const parsed: ParsedOptions = { values: new Map(), flags: new Set(), words: [] };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!arg.startsWith('--')) {
      parsed.words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (!valued.includes(name)) {
      parsed.flags.add(name);
    } else if (inline !== undefined) {
      parsed.values.set(name, inline);
    } else {
      const next = args[index + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value`);
      parsed.values.set(name, next);
      index += 1;
    }
  }
  return parsed;
}

export class UsageError extends Error {}
