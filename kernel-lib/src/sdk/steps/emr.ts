/** EMRStep: a Hadoop jar step on an existing cluster (`ClusterId`) or a new one (`ClusterConfig`). */
import type { Value } from '../expressions.js';
import { propertyTree, type EmrStepProperties } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

/** The EMR step's `StepConfig.HadoopJarStep`: the jar, its arguments, main class and Java properties. */
export interface EmrStepConfig {
  jar: Value;
  args?: readonly Value[];
  mainClass?: string;
  properties?: Readonly<Record<string, string>>;
}

/** The options of an {@link EMRStep}. */
export interface EmrStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  /** `StepConfig.HadoopJarStep`: what the EMR step runs. */
  stepConfig: EmrStepConfig;
  /** Give clusterId or clusterConfig. */
  clusterId?: Value;
  /** `ClusterConfig`: an EMR `RunJobFlow` instance configuration for a cluster made for this step and ended after it. */
  clusterConfig?: Value;
  /** `ExecutionRoleArn`: the role the EMR step runs with on the cluster (runtime roles). */
  executionRoleArn?: string;
}

/**
 * A step of type `EMR`: adds a Hadoop jar step to an Amazon EMR cluster, an existing one (`clusterId`) or one created for
 * the step (`clusterConfig`). It runs only on Amazon SageMaker.
 *
 * @example
 * ```ts
 * new EMRStep({ name: 'Spark', clusterId: 'j-1ABCDEFGHIJKL', stepConfig: { jar: 'command-runner.jar', args: ['spark-submit', 's3://my-bucket/job.py'] } })
 * ```
 */
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
