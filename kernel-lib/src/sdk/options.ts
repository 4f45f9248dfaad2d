/**
 * Option names checked at run time, for JavaScript and loosely typed notebook cells: a misspelled or Python-style key
 * (`if_steps`, `Name`) throws at the line that wrote it, naming the nearest option, instead of being dropped silently.
 * TypeScript refuses the same keys at compile time; the lists are checked against the option types so they cannot drift.
 */
import { didYouMean, nearestNames } from '../definition/property-paths.js';

/** Every key of `T`, listed once: the object literal must name each key of `T` and nothing else. */
export function optionKeys<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}

/** Throws when `options` (given to `owner`) has a key that is not one of `keys`, naming the nearest ones. */
export function checkOptionKeys(owner: string, options: unknown, keys: readonly string[]): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return;
  const known = new Set(keys);
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    throw new Error(`${owner}: unknown option "${key}".` + didYouMean(nearestNames(key, keys)) + ` The options are: ${keys.join(', ')}.`);
  }
}

/** `checkOptionKeys` for each item of an optional list option, naming the item by its position. */
export function checkEachOptionKeys(owner: string, items: unknown, keys: readonly string[]): void {
  if (!Array.isArray(items)) return;
  items.forEach((item, index) => checkOptionKeys(`${owner}[${index}]`, item, keys));
}
