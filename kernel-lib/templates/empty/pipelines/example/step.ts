// The one step of the example pipeline: replace it with your own code. It writes a small JSON file as its output.
import { mkdirSync, writeFileSync } from 'node:fs';

const greeting = process.env.GREETING ?? 'hello';
mkdirSync('/opt/ml/processing/output', { recursive: true });
writeFileSync('/opt/ml/processing/output/result.json', JSON.stringify({ greeting, at: new Date().toISOString() }));
console.log(`${greeting} from the example step`);
