// @ts-check
// The benches' one median.

/** @param {readonly number[]} values @returns {number} the middle value (the upper middle of an even count); NaN when empty */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
