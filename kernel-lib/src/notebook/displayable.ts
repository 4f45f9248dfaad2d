/**
 * Objects that show themselves when a cell ends with them. tslab prints a cell's last value with
 * util.inspect, so a `[util.inspect.custom]` hook sends the rich form as display data and returns
 * a one-line summary as the printed text. Outside a kernel the hook returns the full text instead.
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
      return displayRich(output) ? summary(this) : output.text;
    },
  });
}

/** Something a helper returns for the notebook to show: `show(x)` and the last-value hook use `view()`. */
export abstract class Displayable {
  abstract view(): RichOutput;
  abstract summary(): string;
}
