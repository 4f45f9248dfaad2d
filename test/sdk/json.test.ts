import { float, Pipeline, pyFloatRepr, pyJsonDumps, pyJsonLoads, pyString, PyFloat } from '../../kernel-lib/src/index.js';
import { readGolden } from './goldens.js';

describe('Pipeline.fromDefinition(text).definition()', () => {
  it.each(['abalone', 'kitchen-sink'] as const)('gives back the %s golden byte for byte', (name) => {
    const text = readGolden(name);
    expect(Pipeline.fromDefinition(text).definition()).toBe(text);
  });
});

describe('the JSON writer (Python json.dumps defaults)', () => {
  it('separates with ", " and ": " and keeps insertion order', () => {
    expect(pyJsonDumps({ b: 1, a: [true, false, null], c: {} })).toBe('{"b": 1, "a": [true, false, null], "c": {}}');
  });

  it('keeps integer-like keys in the order they were read', () => {
    expect(pyJsonDumps(pyJsonLoads('{"b": 1, "2": 2, "1": 3}'))).toBe('{"b": 1, "2": 2, "1": 3}');
  });

  it('escapes quotes, backslashes and control characters; leaves / alone', () => {
    expect(pyString('a"b\\c/d\n\r\t\b\f\u0001\u001f\u007f')).toBe('"a\\"b\\\\c/d\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f"');
  });

  it('writes non-ASCII as lowercase \\uXXXX and astral characters as surrogate pairs', () => {
    expect(pyString('é€ ÿ')).toBe('"\\u00e9\\u20ac \\u00ff"');
    expect(pyString('😀')).toBe('"\\ud83d\\ude00"');
    expect(pyJsonDumps(pyJsonLoads('"\\ud83d\\ude00 caf\\u00e9"'))).toBe('"\\ud83d\\ude00 caf\\u00e9"');
  });

  it('writes floats as Python repr does', () => {
    const cases: [number, string][] = [
      [6, '6.0'],
      [0.75, '0.75'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [123456789.125, '123456789.125'],
      [1.5e-7, '1.5e-07'],
      [-2.5, '-2.5'],
      [-0, '-0.0'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [5e-324, '5e-324'],
      [2.5e22, '2.5e+22'],
    ];
    for (const [value, text] of cases) expect(pyFloatRepr(value)).toBe(text);
    expect(pyJsonDumps([float(6), 6, 0.2, new PyFloat(1e21)])).toBe('[6.0, 6, 0.2, 1e+21]');
  });

  it('writes large integers in full, as Python ints', () => {
    expect(pyJsonDumps(1e21)).toBe('1000000000000000000000');
  });

  it('refuses NaN and Infinity, which Python would write as invalid JSON', () => {
    expect(() => pyJsonDumps(NaN)).toThrow('NaN is not a finite number');
    expect(() => pyJsonDumps(float(Infinity))).toThrow('Infinity is not a finite number');
  });
});

describe('the JSON reader', () => {
  it('keeps the int/float distinction of number literals', () => {
    expect(pyJsonDumps(pyJsonLoads('[6.0, 6, 1e-05, 2E+3, -0.0]'))).toBe('[6.0, 6, 1e-05, 2000.0, -0.0]');
  });

  it('names the position of a syntax error', () => {
    expect(() => pyJsonLoads('{"a": }')).toThrow('Unexpected character "}" at position 6');
    expect(() => pyJsonLoads('[1] x')).toThrow('Extra data after the JSON value at position 4');
  });
});
