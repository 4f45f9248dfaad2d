/** `sluice endpoint …`: list, describe, invoke and delete endpoints; make endpoints follow a group's approvals. */
import { DescribeEndpointCommand, ListEndpointsCommand } from '@aws-sdk/client-sagemaker';
import { ApprovalDeployment, type DeploymentAction } from '../session/approval-deployment.js';
import { Predictor } from '../session/predictor.js';
import { Session } from '../session/session.js';
import { parseOptions, UsageError, type ParsedOptions } from './options.js';

export const endpointUsage = `Usage: sluice endpoint <command> [--home DIR]

  list                                        endpoints, newest first: name, status, configuration
  describe NAME                               status, failure reason, variants and what they serve
  invoke NAME --body TEXT                     one InvokeEndpoint; prints the answer
         [--content-type TYPE] [--accept TYPE]  (default text/csv)
  delete NAME [--all]                         delete it (--all: with its configuration and models)
  follow --group GROUP --staging NAME --prod NAME [--watch] [--approve-production ARN]
                                              endpoints follow the group's approvals: staging serves the latest
                                              Approved version, prod the latest that also got a production
                                              approval; a Rejected version is rolled back (--watch: every 5 s)

--home DIR picks the service's SLUICE_HOME.`;

type Writer = (text: string) => void;

export async function runEndpointCommand(args: readonly string[], out: Writer, err: Writer): Promise<number> {
  let options: ParsedOptions;
  try {
    options = parseOptions(args, ['home', 'body', 'content-type', 'accept', 'group', 'staging', 'prod', 'approve-production']);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, err);
    throw error;
  }
  const [command, name] = options.words;
  if (options.flags.has('help') || command === 'help') {
    out(endpointUsage);
    return 0;
  }
  const home = options.values.get('home');
  const session = home === undefined ? Session.default : Session.local({ home });
  try {
    switch (command) {
      case 'list': {
        const listed = await (await session.client()).send(new ListEndpointsCommand({ SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }));
        for (const e of listed.Endpoints ?? []) out(`${e.EndpointName}\t${e.EndpointStatus}\t${e.LastModifiedTime?.toISOString() ?? ''}`);
        return 0;
      }
      case 'describe': {
        if (name === undefined) return usageError('describe needs the endpoint NAME', err);
        const d = await (await session.client()).send(new DescribeEndpointCommand({ EndpointName: name }));
        out(`${d.EndpointName}\t${d.EndpointStatus}\tconfiguration ${d.EndpointConfigName}`);
        if (d.FailureReason) out(`  reason: ${d.FailureReason}`);
        for (const v of d.ProductionVariants ?? []) {
          out(
            `  variant ${v.VariantName}: ${v.CurrentInstanceCount}/${v.DesiredInstanceCount} instances, weight ${v.CurrentWeight}, image ${v.DeployedImages?.[0]?.SpecifiedImage ?? '?'}`,
          );
        }
        if (d.PendingDeploymentSummary) out(`  updating to ${d.PendingDeploymentSummary.EndpointConfigName}`);
        return 0;
      }
      case 'invoke': {
        const body = options.values.get('body');
        if (name === undefined || body === undefined) return usageError('invoke needs the endpoint NAME and --body TEXT', err);
        const contentType = options.values.get('content-type') ?? 'text/csv';
        const answer = await new Predictor(name, session).invoke(body, { contentType, accept: options.values.get('accept') ?? contentType });
        out(answer.text().replace(/\n$/, ''));
        return 0;
      }
      case 'delete': {
        if (name === undefined) return usageError('delete needs the endpoint NAME', err);
        await new Predictor(name, session).delete({ all: options.flags.has('all') });
        out(`Deleting endpoint ${name}${options.flags.has('all') ? ' with its configuration and models' : ''}`);
        return 0;
      }
      case 'follow':
        return await follow(options, session, out, err);
      case undefined:
        return usageError('name an endpoint command', err);
      default:
        return usageError(`unknown endpoint command "${command}"`, err);
    }
  } catch (error) {
    // AWS errors carry a message for the user: say it plainly.
    if (error instanceof Error && '$metadata' in error) {
      err(`sluice endpoint: ${error.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function follow(options: ParsedOptions, session: Session, out: Writer, err: Writer): Promise<number> {
  const group = options.values.get('group');
  const staging = options.values.get('staging');
  const prod = options.values.get('prod');
  if (group === undefined || staging === undefined || prod === undefined) return usageError('follow needs --group, --staging and --prod', err);
  const flow = new ApprovalDeployment({ modelPackageGroupName: group, stagingEndpoint: staging, prodEndpoint: prod, session });
  const promote = options.values.get('approve-production');
  if (promote !== undefined) {
    await flow.approveForProduction(promote);
    out(`Approved ${promote} for production`);
  }
  const report = (action: DeploymentAction): void => out(describeAction(action));
  if (!options.flags.has('watch')) {
    const actions = await flow.reconcile();
    actions.forEach(report);
    if (actions.length === 0) out('Nothing to do: the endpoints serve what the registry allows');
    return 0;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  out(`Following ${group} (Ctrl-C stops)`);
  await flow.watch({ signal: stop.signal, onAction: report, onError: (error) => err(`sluice endpoint: ${error instanceof Error ? error.message : error}`) });
  return 0;
}

export function describeAction(action: DeploymentAction): string {
  switch (action.kind) {
    case 'deployed':
      return `${action.endpoint}: now serves version ${action.version}${action.previous === undefined ? '' : ` (was ${action.previous})`}`;
    case 'staging-test':
      return `staging test of version ${action.version}: ${action.passed ? 'passed' : `failed: ${action.detail}`}`;
    case 'removed':
      return `${action.endpoint}: removed (version ${action.previous} may no longer be served)`;
  }
}

function usageError(message: string, err: Writer): number {
  err(`sluice endpoint: ${message}\n\n${endpointUsage}`);
  return 2;
}
