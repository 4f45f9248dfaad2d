// @ts-check
// `npm run setup`: installs and builds everything the product needs; a second run skips what is done.
import { SetupError } from './lib/prerequisites.mjs';
import { runSetup } from './lib/setup-steps.mjs';

try {
  await runSetup();
} catch (error) {
  console.error(`\nSet-up failed: ${error instanceof SetupError ? error.message : error instanceof Error ? error.stack : error}`);
  process.exit(1);
}
