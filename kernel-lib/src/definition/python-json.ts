/**
 * JSON text exactly as Python's `json.dumps` writes it with default options, and a reader that keeps
 * what JavaScript numbers lose: whether a literal was a float (`6.0`) or an int (`6`), and key order.
 */

/** A number that Python holds as a float, so it prints with `.0` when integral (`6.0`, not `6`). */
export class PyFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

/** Marks a number as a Python float: `float(6)` is written `6.0`. */
export function float(value: number): PyFloat {
  return new PyFloat(value);
}

/** An object whose keys keep their order even when they look like integers (plain objects reorder those). */
export type JsonMap = Map<string, JsonValue>;
/** A JSON object held as a plain object: keys in insertion order (integer-like keys excepted; use a {@link JsonMap} for those). */
export type JsonObject = { readonly [key: string]: JsonValue };
/**
 * Any value a pipeline definition holds, as Python's `json` module would: `null`, booleans, numbers (a
 * {@link PyFloat} for Python floats), strings, arrays and objects (plain, or a {@link JsonMap} that keeps key order).
 */
export type JsonValue = null | boolean | number | string | PyFloat | readonly JsonValue[] | JsonMap | JsonObject;

export function isJsonMap(value: unknown): value is JsonMap {
  return value instanceof Map;
}

/** The entries of an object in its JSON key order, whichever way it is held. */
export function entriesOf(value: JsonMap | JsonObject): [string, JsonValue][] {
  return isJsonMap(value) ? [...value.entries()] : Object.entries(value);
}

/** One key of an object, whichever way it is held. */
export function member(value: JsonValue | undefined, key: string): JsonValue | undefined {
  if (isJsonMap(value)) return value.get(key);
  if (isPlainObject(value)) return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
  return undefined;
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof PyFloat);
}

export function isObjectValue(value: JsonValue | undefined): value is JsonMap | JsonObject {
  return isJsonMap(value) || isPlainObject(value);
}

// ---------------------------------------------------------------------------------------------- writing

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

/** Python `json.dumps(s)` with ensure_ascii: printable ASCII stays, everything else is `\uXXXX` per UTF-16 unit. */
export function pyString(text: string): string {
  // Most definition strings need no escaping; the regex keeps the common case fast.
  return `"${text.replace(NEEDS_ESCAPE, (ch) => SHORT_ESCAPES[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'))}"`;
}

/** Python `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..15, else `1e-05` / `1e+16`. */
export function pyFloatRepr(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number; SageMaker pipeline definitions cannot hold NaN or Infinity`);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without digits gives the shortest digits that round-trip, as Python's repr does.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const decimalPoint = exponent + 1; // digits are 0.d1d2... × 10^decimalPoint
  if (decimalPoint > -4 && decimalPoint <= 16) {
    if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
    if (decimalPoint >= digits.length) return `${sign}${digits}${'0'.repeat(decimalPoint - digits.length)}.0`;
    return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const exp = Math.abs(exponent).toString().padStart(2, '0');
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${exp}`;
}

/** A plain JS number: an integral one is a Python int, any other can only have been a float. */
function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number; SageMaker pipeline definitions cannot hold NaN or Infinity`);
  if (Number.isInteger(value)) return BigInt(value).toString();
  return pyFloatRepr(value);
}

/** `json.dumps(value)` with Python's defaults: `", "` and `": "`, ASCII-only, keys in insertion order. */
export function pyJsonDumps(value: JsonValue): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: JsonValue, out: string[]): void {
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'number') out.push(pyNumber(value));
  else if (typeof value === 'string') out.push(pyString(value));
  else if (value instanceof PyFloat) out.push(pyFloatRepr(value.value));
  else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: JsonValue, index: number) => {
      if (index > 0) out.push(', ');
      write(item, out);
    });
    out.push(']');
  } else {
    out.push('{');
    entriesOf(value as JsonMap | JsonObject).forEach(([key, item], index) => {
      if (index > 0) out.push(', ');
      out.push(pyString(key), ': ');
      write(item, out);
    });
    out.push('}');
  }
}

// ---------------------------------------------------------------------------------------------- reading

/**
 * Thrown by {@link pyJsonLoads} when the text is not JSON; the message ends with the character position.
 *
 * @example
 * ```ts
 * try { pyJsonLoads('{"Version": '); } catch (error) { if (error instanceof JsonSyntaxError) console.log(error.position); }
 * ```
 */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

/**
 * Parses JSON the way Python's `json.loads` does, keeping what `pyJsonDumps` needs to write it back:
 * objects become `Map`s (key order as written), and a number literal with `.`, `e` or `E` becomes a `PyFloat`.
 * Python's `NaN`, `Infinity` and `-Infinity` tokens are read (as PyFloat) so validation can name where they are.
 */
export function pyJsonLoads(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipSpace();
  const value = parser.value();
  parser.skipSpace();
  if (parser.pos < text.length) throw new JsonSyntaxError('Extra data after the JSON value', parser.pos);
  return value;
}

/**
 * Deeper than any definition SageMaker accepts (its own JSON readers stop near 1,000 levels; real definitions
 * nest about 10), and far from the depth where this recursive reader would exhaust the stack.
 */
export const maxJsonDepth = 256;

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Parser {
  pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  private enter(): void {
    if (++this.depth > maxJsonDepth) throw new JsonSyntaxError(`Nested more than ${maxJsonDepth} levels deep`, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  value(): JsonValue {
    const ch = this.text[this.pos];
    if (ch === '{' || ch === '[') {
      this.enter();
      const nested = ch === '{' ? this.object() : this.array();
      this.depth--;
      return nested;
    }
    if (ch === '"') return this.string();
    for (const [token, result] of LITERALS) {
      if (this.text.startsWith(token, this.pos)) {
        this.pos += token.length;
        return result();
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new JsonSyntaxError(ch === undefined ? 'Unexpected end of JSON' : `Unexpected character ${JSON.stringify(ch)}`, this.pos);
    this.pos += match[0].length;
    const number = Number(match[0]);
    return match[1] !== undefined || match[2] !== undefined ? new PyFloat(number) : number;
  }

  string(): string {
    STRING.lastIndex = this.pos;
    const match = STRING.exec(this.text);
    if (match === null) throw new JsonSyntaxError('Invalid string', this.pos);
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  object(): JsonMap {
    const result: JsonMap = new Map();
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError('Expected a property name in double quotes', this.pos);
      const key = this.string();
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      // Python keeps the last of duplicate keys, at the position of the first.
      result.set(key, this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return result;
    }
  }

  array(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      result.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return result;
    }
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw new JsonSyntaxError(`Expected ${JSON.stringify(ch)}`, this.pos);
    this.pos++;
  }
}

const LITERALS: [string, () => JsonValue][] = [
  ['null', () => null],
  ['true', () => true],
  ['false', () => false],
  ['NaN', () => new PyFloat(NaN)],
  ['Infinity', () => new PyFloat(Infinity)],
  ['-Infinity', () => new PyFloat(-Infinity)],
];
