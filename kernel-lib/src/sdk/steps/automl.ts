/** AutoMLStep: a CreateAutoMLJob request (ENSEMBLING mode, the only one pipelines support). Runs only on Amazon SageMaker. */
import type { Value } from '../expressions.js';
import { propertyTree, type Property } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

export interface AutoMLStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  /** Channels of the CreateAutoMLJob request: `[{ ChannelType, DataSource, TargetAttributeName, ... }]`. */
  inputDataConfig: Value;
  outputPath: Value;
  roleArn: Value;
  problemType?: 'BinaryClassification' | 'MulticlassClassification' | 'Regression';
  objectiveMetric?: string;
  /** AutoMLJobConfig besides Mode, e.g. CompletionCriteria. */
  jobConfig?: Readonly<Record<string, Value>>;
}

export interface AutoMLJobProperties {
  readonly AutoMLJobName: Property;
  readonly AutoMLJobArn: Property;
  readonly AutoMLJobStatus: Property;
  readonly BestCandidate: { readonly CandidateName: Property };
  readonly BestCandidateProperties: { readonly ModelInsightsJsonReportPath: Property; readonly ExplainabilityJsonReportPath: Property };
}

export class AutoMLStep extends Step {
  readonly stepType = 'AutoML';
  readonly properties: AutoMLJobProperties;

  constructor(readonly options: AutoMLStepOptions) {
    super(options);
    this.properties = propertyTree(`Steps.${options.name}`, this);
  }

  buildArguments(_context: CompileContext): Value {
    const o = this.options;
    return {
      AutoMLJobConfig: { ...o.jobConfig, Mode: 'ENSEMBLING' },
      InputDataConfig: o.inputDataConfig,
      OutputDataConfig: { S3OutputPath: o.outputPath },
      RoleArn: o.roleArn,
      ProblemType: o.problemType,
      AutoMLJobObjective: o.objectiveMetric === undefined ? undefined : { MetricName: o.objectiveMetric },
    };
  }
}
