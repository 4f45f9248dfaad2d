// A processing step that fails on purpose: it looks for input, logs what it found, and gives up.
import { existsSync } from 'node:fs';

const inputDir = '/opt/ml/processing/input';
console.log('checking the input before training');
console.log(`looking for CSV files in ${inputDir}`);
console.log(`found: ${existsSync(inputDir) ? 'a folder' : 'nothing'}`);
throw new Error('the input has no rows: nothing to train on');
