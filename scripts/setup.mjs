// @ts-check
// `npm run setup`: installs and builds everything the product needs; a second run skips what is done.
import { describeSetupFailure } from './lib/prerequisites.mjs';
import { runSetup } from './lib/setup-steps.mjs';

try {
  await runSetup();
} catch (error) {
  console.error(describeSetupFailure(error));
  process.exit(1);
}
