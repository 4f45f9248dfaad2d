// jest's jsdom environment lacks structuredClone, which browsers (and dagre) have; lend it Node's.
import { deserialize, serialize } from 'node:v8';

if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = <T>(value: T): T => deserialize(serialize(value)) as T;
}
