import type { Locator } from 'playwright-core';

/**
 * Opens the execution a row of an executions table lists, as a user does: a click on its status. A click on the
 * row itself lands in its middle, which is the copy button of the execution id when the row is narrow (a pipeline
 * without parameters, an execution already finished): that copies and does not open.
 */
export async function clickExecutionRow(row: Locator, options: { modifiers?: ('Control' | 'Meta' | 'Shift')[] } = {}): Promise<void> {
  await row.locator('.sluice-StatusChip').click(options);
}
