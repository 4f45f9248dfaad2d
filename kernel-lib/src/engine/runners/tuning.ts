/**
 * Hyperparameter tuning: runs MaxNumberOfTrainingJobs training jobs, MaxParallelTrainingJobs at a time,
 * with hyperparameters drawn from the ranges (Random; Grid over categorical and integer ranges; Bayesian
 * and Hyperband fall back to Random, said in the log), and ranks them by the objective metric.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import { jobName, resourceArn } from './job-names.js';
import { trainingRunner } from './training.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';
import { stoppedBy } from './outcomes.js';
import { listAt, objectAt, optionalObject } from './values.js';

type Trial = Record<string, string>;

/** A small seeded generator, so a tuning job draws the same trials each time it runs. */
function seededRandom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function draw(kind: 'Integer' | 'Continuous', range: JsonObject, random: () => number): string {
  const min = Number(range.MinValue);
  const max = Number(range.MaxValue);
  const scaling = String(range.ScalingType ?? 'Auto');
  const u = random();
  let value: number;
  if (scaling === 'Logarithmic' && min > 0) value = Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
  else if (scaling === 'ReverseLogarithmic' && max < 1) value = 1 - Math.exp(Math.log(1 - max) + u * (Math.log(1 - min) - Math.log(1 - max)));
  else value = min + u * (max - min);
  return kind === 'Integer' ? String(Math.min(max, Math.max(min, Math.round(value)))) : String(Number(value.toPrecision(6)));
}

function rangesOf(config: JsonObject): { integers: JsonObject[]; continuous: JsonObject[]; categorical: JsonObject[] } {
  const ranges = optionalObject(config.ParameterRanges);
  const list = (key: string) => listAt(ranges[key]).map((item) => optionalObject(item));
  return { integers: list('IntegerParameterRanges'), continuous: list('ContinuousParameterRanges'), categorical: list('CategoricalParameterRanges') };
}

function gridTrials(config: JsonObject): Trial[] {
  const { integers, continuous, categorical } = rangesOf(config);
  if (continuous.length > 0) throw new StepFailure('Grid search takes categorical and integer ranges only; this job has continuous ones');
  const axes: [string, string[]][] = [
    ...categorical.map((range): [string, string[]] => [String(range.Name), listAt(range.Values).map(String)]),
    ...integers.map((range): [string, string[]] => {
      const values: string[] = [];
      for (let v = Number(range.MinValue); v <= Number(range.MaxValue); v++) values.push(String(v));
      return [String(range.Name), values];
    }),
  ];
  return axes.reduce<Trial[]>((trials, [name, values]) => trials.flatMap((trial) => values.map((value) => ({ ...trial, [name]: value }))), [{}]);
}

function randomTrials(config: JsonObject, count: number, seed: string): Trial[] {
  const { integers, continuous, categorical } = rangesOf(config);
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const trial: Trial = {};
    for (const range of integers) trial[String(range.Name)] = draw('Integer', range, random);
    for (const range of continuous) trial[String(range.Name)] = draw('Continuous', range, random);
    for (const range of categorical) {
      const values = listAt(range.Values).map(String);
      trial[String(range.Name)] = values[Math.floor(random() * values.length)] ?? '';
    }
    return trial;
  });
}

interface TrialResult {
  summary: JsonObject;
  objective: number | undefined;
}

export const tuningRunner: StepRunner = {
  async run(step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const args = objectAt(resolved, 'Arguments');
    const config = objectAt(args.HyperParameterTuningJobConfig, 'HyperParameterTuningJobConfig');
    const definition = objectAt(args.TrainingJobDefinition, 'TrainingJobDefinition (TrainingJobDefinitions is not supported locally)');
    const limits = optionalObject(config.ResourceLimits);
    const maxJobs = Number(limits.MaxNumberOfTrainingJobs ?? 1);
    const parallel = Math.max(1, Number(limits.MaxParallelTrainingJobs ?? 1));
    const objective = optionalObject(config.HyperParameterTuningJobObjective);
    const metricName = String(objective.MetricName ?? '');
    const minimize = objective.Type === 'Minimize';
    const strategy = String(config.Strategy ?? 'Bayesian');
    const name = jobName(context).slice(-32).replace(/^-+/, '');
    const arn = resourceArn(context, 'hyper-parameter-tuning-job', name);
    const notes = join(context.jobsDir, name, 'log');
    mkdirSync(join(context.jobsDir, name), { recursive: true });
    const note = (text: string) => appendFileSync(notes, `${new Date().toISOString()}\tsluice\t${text}\n`);
    // The definition as DescribeHyperParameterTuningJob gives it: SageMaker adds the objective's name to the static
    // hyperparameters (the Python SDK's HyperparameterTuner.attach removes it unguarded).
    const described: JsonObject =
      metricName === ''
        ? definition
        : { ...definition, StaticHyperParameters: { ...optionalObject(definition.StaticHyperParameters), _tuning_objective_metric: metricName } };

    const trials = strategy === 'Grid' ? gridTrials(config).slice(0, maxJobs) : randomTrials(config, maxJobs, `${context.executionArn}/${step.Name}`);
    if (strategy === 'Bayesian' || strategy === 'Hyperband')
      note(`${strategy} search is not available locally: the ${trials.length} trials are drawn at random instead.`);
    note(`running ${trials.length} training jobs, ${parallel} at a time, ranked by ${minimize ? 'lowest' : 'highest'} ${metricName}`);

    const resourceConfig = optionalObject(definition.HyperParameterTuningResourceConfig ?? definition.ResourceConfig);
    const results: TrialResult[] = [];
    const createdAt = Date.now() / 1000;
    // The job is visible while its trials run, with counters that say how far it is (SageMaker's shapes).
    const progress = (inProgress: number): JsonObject => {
      const failed = results.filter((result) => result.summary.TrainingJobStatus !== 'Completed').length;
      const withObjective = results.filter((result) => result.objective !== undefined).length;
      return {
        TrainingJobStatusCounters: { Completed: results.length - failed, InProgress: inProgress, RetryableError: 0, NonRetryableError: failed, Stopped: 0 },
        ObjectiveStatusCounters: { Succeeded: withObjective, Pending: inProgress, Failed: results.length - withObjective },
      };
    };
    const running = (): JsonObject => ({
      HyperParameterTuningJobName: name,
      HyperParameterTuningJobArn: arn,
      HyperParameterTuningJobStatus: 'InProgress',
      HyperParameterTuningJobConfig: config,
      TrainingJobDefinition: described,
      TrainingJobSummaries: results.map((result) => result.summary),
      ...progress(Math.min(parallel, trials.length - results.length)),
      CreationTime: createdAt,
    });
    context.onMetadata({ TuningJob: { Arn: arn } });
    context.recorder.saveJob('HyperParameterTuningJob', name, running());
    let next = 0;
    const lane = async () => {
      while (next < trials.length && !context.signal.aborted) {
        const index = next++;
        const trial = trials[index];
        const trainingArgs: JsonObject = {
          AlgorithmSpecification: definition.AlgorithmSpecification ?? null,
          RoleArn: definition.RoleArn ?? null,
          InputDataConfig: definition.InputDataConfig ?? [],
          OutputDataConfig: definition.OutputDataConfig ?? null,
          ResourceConfig: {
            InstanceCount: resourceConfig.InstanceCount ?? 1,
            InstanceType: resourceConfig.InstanceType ?? null,
            VolumeSizeInGB: resourceConfig.VolumeSizeInGB ?? 30,
          },
          StoppingCondition: definition.StoppingCondition ?? null,
          HyperParameters: { ...optionalObject(definition.StaticHyperParameters), ...trial },
          Environment: definition.Environment ?? {},
        };
        const started = Date.now() / 1000;
        // The trial's job, as its training runner names it: a failed trial's summary names it too.
        let trialArn: string | undefined;
        try {
          // A trial's own job ARN is not the tuning step's metadata.
          const trialContext = {
            ...context,
            stepName: `${context.stepName}-${String(index + 1).padStart(3, '0')}`,
            // A tuning job created by name names its trials as SageMaker does: <tuning job>-<trial>-<random>.
            jobName: context.jobName === undefined ? undefined : `${name}-${String(index + 1).padStart(3, '0')}-${randomBytes(4).toString('hex')}`,
            onMetadata: (metadata: JsonObject) => {
              const arnOf = optionalObject(metadata.TrainingJob).Arn;
              if (typeof arnOf === 'string') trialArn = arnOf;
            },
          };
          const result = await trainingRunner.run(step, trainingArgs, trialContext);
          const metrics = listAt(result.properties.FinalMetricDataList).map((item) => optionalObject(item));
          const value = metrics.find((metric) => metric.MetricName === metricName)?.Value;
          const objectiveValue = typeof value === 'number' ? value : undefined;
          results.push({
            objective: objectiveValue,
            summary: {
              TrainingJobName: result.properties.TrainingJobName ?? null,
              TrainingJobArn: result.properties.TrainingJobArn ?? null,
              TrainingJobStatus: 'Completed',
              TunedHyperParameters: trial,
              CreationTime: started,
              TrainingStartTime: started,
              TrainingEndTime: Date.now() / 1000,
              ObjectiveStatus: objectiveValue === undefined ? 'Failed' : 'Succeeded',
              ...(objectiveValue === undefined
                ? {}
                : { FinalHyperParameterTuningJobObjectiveMetric: { Type: objective.Type ?? 'Maximize', MetricName: metricName, Value: objectiveValue } }),
            },
          });
        } catch (error) {
          note(`trial ${index + 1} failed: ${error instanceof Error ? error.message : error}`);
          const trialJob: JsonObject = trialArn === undefined ? {} : { TrainingJobName: trialArn.split('/').pop() ?? trialArn, TrainingJobArn: trialArn };
          const reason = error instanceof Error ? error.message : String(error);
          results.push({
            objective: undefined,
            summary: {
              ...trialJob,
              TrainingJobStatus: 'Failed',
              TunedHyperParameters: trial,
              CreationTime: started,
              TrainingStartTime: started,
              TrainingEndTime: Date.now() / 1000,
              FailureReason: reason,
              ObjectiveStatus: 'Failed',
            },
          });
        }
        context.recorder.saveJob('HyperParameterTuningJob', name, running());
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, trials.length) }, lane));
    const ended = (status: string, reason: string): StepFailure => {
      context.recorder.saveJob('HyperParameterTuningJob', name, {
        ...running(),
        ...progress(0),
        HyperParameterTuningJobStatus: status,
        FailureReason: reason,
        HyperParameterTuningEndTime: Date.now() / 1000,
      });
      return new StepFailure(reason, status === 'Stopped' ? 'NotRetryable' : 'SageMaker.JOB_INTERNAL_ERROR', { TuningJob: { Arn: arn } });
    };
    if (context.signal.aborted) throw ended('Stopped', stoppedBy(context, 'StopHyperParameterTuningJob'));

    const ranked = results
      .filter((result) => result.objective !== undefined)
      .sort((a, b) => (minimize ? a.objective! - b.objective! : b.objective! - a.objective!));
    const failed = results.filter((result) => result.objective === undefined);
    if (ranked.length === 0) throw ended('Failed', `none of the ${results.length} training jobs reported the objective metric ${metricName}`);
    const summaries = [...ranked, ...failed].map((result) => result.summary);
    const document: JsonObject = {
      HyperParameterTuningJobName: name,
      HyperParameterTuningJobArn: arn,
      HyperParameterTuningJobStatus: 'Completed',
      HyperParameterTuningJobConfig: config,
      TrainingJobDefinition: described,
      BestTrainingJob: ranked[0].summary,
      TrainingJobSummaries: summaries,
      ...progress(0),
      CreationTime: createdAt,
      HyperParameterTuningEndTime: Date.now() / 1000,
    };
    context.recorder.saveJob('HyperParameterTuningJob', name, document);
    note(`best: ${String(ranked[0].summary.TrainingJobName)} with ${metricName} = ${ranked[0].objective}`);
    return { properties: document, metadata: { TuningJob: { Arn: arn } } };
  },
};
