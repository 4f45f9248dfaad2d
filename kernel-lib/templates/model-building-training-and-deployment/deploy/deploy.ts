// deploy: the endpoints follow the project's model group (the deploy repository's CodePipeline in SageMaker's
// template). Applies the approvals given, then one pass: staging serves the latest Approved version and tests it,
// prod the latest that passed staging and got a production approval; a rejected version is rolled back.
// Exit 0, 1 when a staging test failed, 2 on bad usage.
import { parseArgs } from 'node:util';
import { ModelRegistry } from 'sluice';
import { describeAction, projectDeployment, versionArn } from './flow';

const usage = `Usage: deploy [--approve VERSION] [--approve-production VERSION] [--reject VERSION] [--comment TEXT] [--watch]
  --approve             approve the version in the registry (its first approval): staging deploys and tests it
  --approve-production  the second approval: prod serves the version once it has passed staging
  --reject              reject the version: staging and prod go back to the latest version still allowed there
  --watch               keep following the registry (every --interval-ms, default 5000) until interrupted
VERSION is a version number in the project's model package group, or its ARN.`;

const options = {
  approve: { type: 'string' },
  'approve-production': { type: 'string' },
  reject: { type: 'string' },
  comment: { type: 'string' },
  watch: { type: 'boolean' },
  'interval-ms': { type: 'string' },
} as const;
const parse = (args: string[]) => parseArgs({ args, options, strict: true });

async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    console.error(`deploy: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  const { values } = parsed;
  const deployment = projectDeployment();
  const registry = new ModelRegistry(deployment.session);
  if (values.approve !== undefined) await registry.approve(await versionArn(deployment, values.approve), values.comment);
  if (values.reject !== undefined) await registry.reject(await versionArn(deployment, values.reject), values.comment);
  if (values['approve-production'] !== undefined) await deployment.approveForProduction(await versionArn(deployment, values['approve-production']), values.comment);

  if (values.watch === true) {
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    console.log(`Following ${deployment.options.modelPackageGroupName}: ${deployment.options.stagingEndpoint}, ${deployment.options.prodEndpoint} (Ctrl-C stops)`);
    await deployment.watch({
      signal: controller.signal,
      intervalMs: Number(values['interval-ms'] ?? 5000),
      onAction: (action) => console.log(describeAction(action)),
      onError: (error) => console.error(`deploy: ${error instanceof Error ? error.message : String(error)}`),
    });
    return 0;
  }
  const actions = await deployment.reconcile();
  for (const action of actions) console.log(describeAction(action));
  if (actions.length === 0) console.log('Nothing to do: the endpoints serve what the registry allows');
  return actions.some((action) => action.kind === 'staging-test' && !action.passed) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`deploy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
