// What the panel's browser tests share: the abalone pipeline seeded on the service, and a step's pane opened.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { createPipeline } from '../service/execution-harness.js';
import type { LabWithService } from './lab-with-service.js';

/** Uploads the shared abalone data and creates the abalone pipeline reading it, under the given names. */
export async function seedAbalonePipeline(lab: LabWithService, options: Omit<Parameters<typeof abalonePipeline>[0], 'bucket' | 'inputDataUrl'>): Promise<void> {
  const { client, extras } = lab.clients();
  await extras.putArtifact('s3://sluice-data/abalone/abalone.csv', readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')));
  await createPipeline(client, extras, abalonePipeline({ bucket: 'sluice-local', inputDataUrl: 's3://sluice-data/abalone/abalone.csv', ...options }));
}

/**
 * Clicks a step in the graph and returns its pane. React Flow may still be fitting the view when the click
 * lands (the pane that opens narrows the graph), so a click that selected nothing is repeated.
 */
export async function openStepPane(view: Locator, step: string): Promise<Locator> {
  const pane = view.locator(`.sluice-StepPane[data-step="${step}"]`);
  for (let attempt = 1; ; attempt++) {
    await view.locator(`.sluice-StepNode[data-step="${step}"]`).click();
    try {
      await pane.waitFor({ timeout: 5000 });
      return pane;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
