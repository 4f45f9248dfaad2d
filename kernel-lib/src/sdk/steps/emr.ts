/** EMRStep: a Hadoop jar step on an existing cluster (`ClusterId`) or a new one (`ClusterConfig`). */
import type { Value } from '../expressions.js';
import { propertyTree, type EmrStepProperties } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

export interface EmrStepConfig {
  jar: Value;
  args?: readonly Value[];
  mainClass?: string;
  properties?: Readonly<Record<string, string>>;
}

export interface EmrStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  stepConfig: EmrStepConfig;
  /** Give clusterId or clusterConfig. */
  clusterId?: Value;
  clusterConfig?: Value;
  executionRoleArn?: string;
}

export class EMRStep extends Step {
  readonly stepType = 'EMR';
  readonly properties: EmrStepProperties;

  constructor(readonly options: EmrStepOptions) {
    super(options);
    this.properties = propertyTree(`Steps.${options.name}`, this);
  }

  buildArguments(_context: CompileContext): Value {
    const c = this.options.stepConfig;
    return {
      // StepConfig comes before ClusterId in the SDK's output.
      StepConfig: {
        HadoopJarStep: {
          Jar: c.jar,
          Args: c.args,
          MainClass: c.mainClass,
          Properties: c.properties === undefined ? undefined : Object.entries(c.properties).map(([key, value]) => ({ Key: key, Value: value })),
        },
      },
      ClusterId: this.options.clusterId,
      ClusterConfig: this.options.clusterConfig,
      ExecutionRoleArn: this.options.executionRoleArn,
    };
  }
}
