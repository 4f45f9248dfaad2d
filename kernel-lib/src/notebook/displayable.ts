/**
 * Objects that show themselves when a cell ends with them. tslab prints a cell's last value with
 * util.inspect, so a `[util.inspect.custom]` hook sends the rich form (with its text as the text/plain
 * fallback) as display data and prints nothing more. Outside a kernel the hook returns the full text instead.
 * The hook is installed on prototypes (not declared in classes) so the published types stay plain.
 */
import { inspect, type InspectOptions } from 'node:util';
import { displayRich, type RichOutput } from './display.js';

export function installDisplayHook<T extends object>(prototype: T, view: (value: T) => RichOutput, summary: (value: T) => string): void {
  Object.defineProperty(prototype, inspect.custom, {
    configurable: true,
    writable: true,
    value(this: T, depth: number | null, options: InspectOptions): string {
      // Only the value itself shows as a picture; inside an array or object it stays one line.
      if (depth !== options.depth) return summary(this);
      let output: RichOutput;
      try {
        output = view(this);
      } catch (error) {
        return `${summary(this)} (cannot be shown: ${(error as Error).message})`;
      }
      if (!displayRich(output)) return output.text;
      // The display carries the text form too; tslab's console.log of the cell's value would repeat it.
      swallowNextNewline();
      return '';
    },
  });
}

/**
 * tslab prints a cell's last value with console.log, which writes the (now empty) inspect result and a
 * newline: drop that newline, written in the same turn, so the cell shows the display alone.
 */
export function swallowNextNewline(): void {
  const stdout = process.stdout;
  const write = stdout.write;
  const once = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    stdout.write = write;
    if (chunk === '\n') return true;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stdout.write;
  stdout.write = once;
  setImmediate(() => {
    if (stdout.write === once) stdout.write = write;
  });
}

/** Something a helper returns for the notebook to show: `show(x)` and the last-value hook use `view()`. */
export abstract class Displayable {
  /** The rich form (HTML or SVG) and its text, as a cell shows it. */
  abstract view(): RichOutput;
  /** One line for where a cell prints the value as text. */
  abstract summary(): string;
}
