/**
 * EventBridge Scheduler speaks REST (restJson1): the method and path name the operation, the schedule's name is in
 * the path and some members travel in the query. This maps such a request onto the same handlers the
 * `Scheduler.<Operation>` targets reach, with one input object.
 */
import { AwsError } from '../errors.js';
import type { RequestBody } from '../input.js';
import type { SchedulerOperations } from '../protocol.js';
import type { AuthRules } from '../signature.js';

/** Scheduler clients sign as `scheduler`; the body's hash is checked with the body, as for every JSON API. */
export const schedulerRules: AuthRules = { services: ['scheduler'], signedHeaders: [] };

// The query members each operation takes, by the name the wire uses → the member's name.
const queryMembers: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  GetSchedule: { groupName: 'GroupName' },
  DeleteSchedule: { groupName: 'GroupName', clientToken: 'ClientToken' },
  ListSchedules: { ScheduleGroup: 'GroupName', NamePrefix: 'NamePrefix', State: 'State', NextToken: 'NextToken', MaxResults: 'MaxResults' },
};

export function schedulerRequest(method: string, url: string, body: RequestBody): { operation: keyof SchedulerOperations; input: RequestBody } {
  const [path = '/', queryText = ''] = url.split('?', 2);
  const named = /^\/schedules\/([^/]+)$/.exec(path);
  const short =
    path === '/schedules' && method === 'GET'
      ? 'ListSchedules'
      : named === null
        ? undefined
        : ({ POST: 'CreateSchedule', GET: 'GetSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule' } as const)[method as 'POST'];
  if (short === undefined) throw new AwsError('UnknownOperationException', `The local service does not implement Scheduler's ${method} ${path}`, 404);
  const input: Record<string, unknown> = { ...body };
  if (named !== null) input['Name'] = decodeURIComponent(named[1]!);
  for (const [key, value] of new URLSearchParams(queryText)) {
    const member = queryMembers[short]?.[key];
    if (member !== undefined) input[member] = member === 'MaxResults' ? Number(value) : value;
  }
  return { operation: `Scheduler.${short}`, input };
}
