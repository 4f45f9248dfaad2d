/**
 * Names in a definition that become folder names inside a job (a training channel is
 * /opt/ml/input/data/<ChannelName>): SageMaker's pattern for them, and the names that are only dots, which
 * the pattern lets through but a path reads as "here" or "up".
 */
import { member, type JsonValue } from './json.js';

export const PATH_NAME_PATTERN = '[A-Za-z0-9\\.\\-_]{1,64}';
const PATH_NAME = new RegExp(`^${PATH_NAME_PATTERN}$`);

/** Why a name cannot be a folder name, or undefined when it can. */
export function pathNameProblem(name: string): string | undefined {
  if (!PATH_NAME.test(name)) return `must match ${PATH_NAME_PATTERN}`;
  if (/^\.+$/.test(name)) return 'cannot be only dots';
  return undefined;
}

function listAt(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

/** The problems of a step's channel names, each naming the step and the field; values set at run time are checked then. */
export function channelNameProblems(stepName: string, type: string, step: JsonValue): string[] {
  const args = member(step, 'Arguments');
  const definitions =
    type === 'Training'
      ? [['Arguments', args] as const]
      : type === 'Tuning'
        ? [
            ['Arguments.TrainingJobDefinition', member(args, 'TrainingJobDefinition')] as const,
            ...listAt(member(args, 'TrainingJobDefinitions')).map((definition, index) => [`Arguments.TrainingJobDefinitions[${index}]`, definition] as const),
          ]
        : [];
  const problems: string[] = [];
  for (const [where, definition] of definitions) {
    listAt(member(definition, 'InputDataConfig')).forEach((channel, index) => {
      const name = member(channel, 'ChannelName');
      if (typeof name !== 'string') return;
      const problem = pathNameProblem(name);
      if (problem !== undefined) problems.push(`Step "${stepName}" ${where}.InputDataConfig[${index}].ChannelName ${JSON.stringify(name)} ${problem}`);
    });
  }
  return problems;
}
