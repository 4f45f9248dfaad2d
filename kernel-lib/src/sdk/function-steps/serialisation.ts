/**
 * How a function step's arguments and return value travel: JSON, with `Date`, typed arrays, `undefined`, `bigint` and
 * the numbers JSON lacks (NaN, ±Infinity, -0) written as tagged objects, and a clear error for what cannot travel
 * (functions, symbols, class instances, cycles). The same module encodes in the notebook and decodes in the job (the
 * job's bundle includes it), so both sides agree. It imports nothing, so bundling it adds nothing else.
 */

/** JSON as this module writes it. */
export type Encoded = null | boolean | number | string | readonly Encoded[] | { readonly [key: string]: Encoded };

/** The member that marks a tagged object; a user's object with this key is wrapped so it reads back as it was. */
export const TAG = '__sluice__';

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** A value that cannot be serialised, with where it is (`argument 2 of prepare, at .rows[3]`). */
export class SerialisationError extends Error {
  constructor(what: string, path: string, problem: string) {
    super(`${what}${path === '' ? '' : `, at ${path}`}: ${problem}`);
    this.name = 'SerialisationError';
  }
}

/**
 * Encodes `value` as JSON. `replace` is asked first for every object and may return what to write instead (how the
 * SDK writes pipeline variables and other steps' results as placeholders). `what` names the value in errors.
 */
export function encode(value: unknown, what: string, replace?: (value: object) => Encoded | undefined): Encoded {
  const ancestors: object[] = [];
  const visit = (current: unknown, path: string): Encoded => {
    switch (typeof current) {
      case 'string':
      case 'boolean':
        return current;
      case 'number':
        if (Number.isFinite(current) && !Object.is(current, -0)) return current;
        return { [TAG]: 'number', value: String(Object.is(current, -0) ? '-0' : current) };
      case 'bigint':
        return { [TAG]: 'bigint', value: current.toString() };
      case 'undefined':
        return { [TAG]: 'undefined' };
      case 'function':
        throw new SerialisationError(what, path, `a function (${describe(current)}) cannot be serialised; pass data, and call functions inside the step`);
      case 'symbol':
        throw new SerialisationError(what, path, `a symbol (${String(current)}) cannot be serialised`);
    }
    if (current === null) return null;
    const object = current as object;
    const replaced = replace?.(object);
    if (replaced !== undefined) return replaced;
    if (ancestors.includes(object)) throw new SerialisationError(what, path, 'a cycle: the value contains itself, which JSON cannot write');
    if (object instanceof Date) {
      if (Number.isNaN(object.getTime())) throw new SerialisationError(what, path, 'an invalid Date cannot be serialised');
      return { [TAG]: 'Date', value: object.toISOString() };
    }
    const typed = typedArrayName(object);
    if (typed !== undefined) {
      const view = object as ArrayBufferView;
      return { [TAG]: typed, base64: base64Of(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) };
    }
    ancestors.push(object);
    try {
      if (Array.isArray(object)) return object.map((item, index) => visit(item, `${path}[${index}]`));
      const prototype = Object.getPrototypeOf(object) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        const name = (object.constructor as { name?: string } | undefined)?.name ?? 'an object with a prototype';
        throw new SerialisationError(
          what,
          path,
          `an instance of ${name} cannot be serialised as JSON (only plain objects, arrays, strings, numbers, booleans, null, Date and typed arrays can); convert it to a plain object${name === 'Map' ? ' (Object.fromEntries(map))' : name === 'Set' ? ' or an array ([...set])' : ''}`,
        );
      }
      const entries = Object.entries(object)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, visit(item, `${path}.${key}`)] as const);
      const plain = Object.fromEntries(entries) as Record<string, Encoded>;
      return TAG in plain ? { [TAG]: 'object', value: plain } : plain;
    } finally {
      ancestors.pop();
    }
  };
  return visit(value, '');
}

/**
 * Decodes what `encode` wrote. `resolve` is asked for every tagged object this module does not know (the SDK's
 * placeholders) and returns its value.
 */
export function decode(value: Encoded, resolve?: (tagged: { readonly [key: string]: Encoded }) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: Encoded) => decode(item, resolve));
  const object = value as { readonly [key: string]: Encoded };
  const tag = object[TAG];
  if (tag === undefined) return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, decode(item, resolve)]));
  if (tag === 'object') return Object.fromEntries(Object.entries(object.value as Record<string, Encoded>).map(([key, item]) => [key, decode(item, resolve)]));
  if (tag === 'undefined') return undefined;
  if (tag === 'number') return Number(object.value);
  if (tag === 'bigint') return BigInt(object.value as string);
  if (tag === 'Date') return new Date(object.value as string);
  if (typeof tag === 'string' && tag in TYPED_ARRAYS) {
    const bytes = bytesOf(object.base64 as string);
    const Kind = TYPED_ARRAYS[tag as TypedArrayName];
    // A copy: its own ArrayBuffer, of exactly these bytes.
    return new Kind(new Uint8Array(bytes).buffer);
  }
  if (resolve === undefined) throw new Error(`Cannot decode a value tagged ${JSON.stringify(tag)}`);
  return resolve(object);
}

function typedArrayName(value: object): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return undefined;
  const name = value.constructor.name;
  return name in TYPED_ARRAYS ? (name as TypedArrayName) : undefined;
}

function describe(fn: unknown): string {
  const name = (fn as { name?: string }).name;
  return name ? name : 'anonymous';
}

// Buffer is Node's; the job and the notebook both run on Node.
function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function bytesOf(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
