"""Builds reference pipelines with the SageMaker Python SDK v2 and prints their definitions.

Our TypeScript SDK must write the very same bytes for the same pipelines (test/sagemaker-sdk/*.test.ts).
Runs offline: AWS is moto's in-process emulator with dummy credentials, and code is given as S3 URIs.
Usage: python_pipelines.py OUTPUT_JSON. Writes one JSON object: {"<pipeline name>": "<definition string>", ...}
(to a file, because the SDK prints its own notices on stdout).
"""
import json
import sys

from offline_sdk import BUCKET, ROLE  # noqa: F401  (sets up the offline SDK first)
from moto import mock_aws

REGION = "us-east-1"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3"


def build_all():
    import boto3
    from sagemaker.estimator import Estimator
    from sagemaker.inputs import TrainingInput, TransformInput
    from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
    from sagemaker.transformer import Transformer
    from sagemaker.tuner import CategoricalParameter, ContinuousParameter, HyperparameterTuner, IntegerParameter
    from sagemaker.workflow.callback_step import CallbackOutput, CallbackOutputTypeEnum, CallbackStep
    from sagemaker.workflow.condition_step import ConditionStep
    from sagemaker.workflow.conditions import (
        ConditionEquals,
        ConditionGreaterThan,
        ConditionGreaterThanOrEqualTo,
        ConditionIn,
        ConditionLessThan,
        ConditionLessThanOrEqualTo,
        ConditionNot,
        ConditionOr,
    )
    from sagemaker.workflow.execution_variables import ExecutionVariables
    from sagemaker.workflow.fail_step import FailStep
    from sagemaker.workflow.functions import Join, JsonGet
    from sagemaker.lambda_helper import Lambda
    from sagemaker.workflow.lambda_step import LambdaOutput, LambdaOutputTypeEnum, LambdaStep
    from sagemaker.workflow.parameters import ParameterBoolean, ParameterFloat, ParameterInteger, ParameterString
    from sagemaker.workflow.pipeline import Pipeline
    from sagemaker.workflow.pipeline_context import PipelineSession
    from sagemaker.workflow.properties import PropertyFile
    from sagemaker.workflow.retry import (
        SageMakerJobExceptionTypeEnum,
        SageMakerJobStepRetryPolicy,
        StepExceptionTypeEnum,
        StepRetryPolicy,
    )
    from sagemaker.workflow.steps import CacheConfig, ProcessingStep, TrainingStep, TransformStep, TuningStep

    session = PipelineSession(boto_session=boto3.Session(region_name=REGION), default_bucket=BUCKET)
    pipelines = {}

    def add(name, parameters, steps):
        pipelines[name] = Pipeline(name=name, parameters=parameters, steps=steps, sagemaker_session=session).definition()

    def estimator(**extra):
        return Estimator(image_uri=IMAGE, role=ROLE, instance_count=1, instance_type="ml.m5.xlarge",
                         output_path=f"s3://{BUCKET}/models", sagemaker_session=session, **extra)

    def placeholder_training(name):
        return TrainingStep(name=name, step_args=estimator().fit(inputs={"train": TrainingInput(s3_data=f"s3://{BUCKET}/data/train")}))

    # 1. Every condition form, with parameters and execution variables on either side.
    mode = ParameterString(name="Mode", default_value="full", enum_values=["full", "fast"])
    count = ParameterInteger(name="Count", default_value=3)
    ratio = ParameterFloat(name="Ratio", default_value=0.75)
    add(
        "ConditionForms",
        [mode, count, ratio],
        [
            ConditionStep(
                name="Decide",
                conditions=[
                    ConditionEquals(left=mode, right="full"),
                    ConditionGreaterThan(left=count, right=1),
                    ConditionGreaterThanOrEqualTo(left=ratio, right=0.5),
                    ConditionLessThan(left=ExecutionVariables.START_DATETIME, right="2030-01-01"),
                    ConditionLessThanOrEqualTo(left=count, right=count),
                    ConditionIn(value=mode, in_values=["full", "fast", mode]),
                    ConditionNot(expression=ConditionEquals(left=ratio, right=1.0)),
                    ConditionNot(expression=ConditionIn(value=count, in_values=[7, 8])),
                    ConditionOr(conditions=[ConditionGreaterThan(left=count, right=10), ConditionIn(value=mode, in_values=["fast"])]),
                ],
                if_steps=[placeholder_training("WhenTrue")],
                else_steps=[FailStep(name="WhenFalse", error_message=Join(on=" ", values=["mode was", mode, "count was", count]))],
            )
        ],
    )

    # 2. Hyperparameter tuning with every range kind and both scalings.
    tuner = HyperparameterTuner(
        estimator=estimator(hyperparameters={"objective": "reg:squarederror", "num_round": 50}),
        objective_metric_name="validation:rmse",
        objective_type="Minimize",
        metric_definitions=[{"Name": "validation:rmse", "Regex": "validation-rmse:([0-9\\.]+)"}],
        hyperparameter_ranges={
            "max_depth": IntegerParameter(2, 8),
            "eta": ContinuousParameter(0.01, 0.5, scaling_type="Logarithmic"),
            "subsample": ContinuousParameter(0.5, 1.0, scaling_type="Linear"),
            "booster": CategoricalParameter(["gbtree", "dart"]),
        },
        strategy="Random",
        max_jobs=6,
        max_parallel_jobs=2,
    )
    tune = TuningStep(
        name="Tune",
        step_args=tuner.fit(inputs={"train": TrainingInput(s3_data=f"s3://{BUCKET}/data/train", content_type="text/csv")}),
    )
    add("Tuning", [], [tune])

    # 3. Batch transform of a model's output over a prefix.
    input_prefix = ParameterString(name="BatchInput", default_value=f"s3://{BUCKET}/batch/in")
    # A variable model name also keeps the SDK from asking SageMaker about the model.
    model_name = ParameterString(name="ModelName", default_value="abalone-model")
    transformer = Transformer(
        model_name=model_name,
        instance_count=1,
        instance_type="ml.m5.large",
        output_path=f"s3://{BUCKET}/batch/out",
        accept="text/csv",
        assemble_with="Line",
        strategy="MultiRecord",
        sagemaker_session=session,
    )
    add(
        "Transform",
        [input_prefix, model_name],
        [TransformStep(name="Score", step_args=transformer.transform(data=input_prefix, content_type="text/csv", split_type="Line"))],
    )

    # 4. Lambda and Callback outputs, one feeding the other.
    notify = LambdaStep(
        name="Notify",
        lambda_func=Lambda(function_arn="arn:aws:lambda:us-east-1:123456789012:function:notify"),
        inputs={"pipeline": ExecutionVariables.PIPELINE_NAME, "attempt": 1},
        outputs=[
            LambdaOutput(output_name="ticket", output_type=LambdaOutputTypeEnum.String),
            LambdaOutput(output_name="priority", output_type=LambdaOutputTypeEnum.Integer),
        ],
    )
    approve_outputs = [
        CallbackOutput(output_name="approved", output_type=CallbackOutputTypeEnum.Boolean),
        CallbackOutput(output_name="score", output_type=CallbackOutputTypeEnum.Float),
    ]
    approve = CallbackStep(
        name="Approve",
        sqs_queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
        inputs={"ticket": notify.properties.Outputs["ticket"], "execution": ExecutionVariables.PIPELINE_EXECUTION_ID},
        outputs=approve_outputs,
        depends_on=[notify],
    )
    add("LambdaCallback", [], [notify, approve])

    # 5. Property files, JsonGet in both forms, retry policies and cache configs.
    processor = ScriptProcessor(
        image_uri=IMAGE, command=["python3"], role=ROLE, instance_count=1, instance_type="ml.m5.xlarge", sagemaker_session=session
    )
    report = PropertyFile(name="Report", output_name="evaluation", path="evaluation.json")
    evaluate = ProcessingStep(
        name="Evaluate",
        step_args=processor.run(
            code=f"s3://{BUCKET}/code/evaluate.py",
            inputs=[ProcessingInput(source=f"s3://{BUCKET}/data/test", destination="/opt/ml/processing/test")],
            outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")],
        ),
        property_files=[report],
        retry_policies=[
            StepRetryPolicy(exception_types=[StepExceptionTypeEnum.SERVICE_FAULT, StepExceptionTypeEnum.THROTTLING], max_attempts=3),
            SageMakerJobStepRetryPolicy(
                exception_types=[SageMakerJobExceptionTypeEnum.CAPACITY_ERROR], interval_seconds=30, backoff_rate=1.5, expire_after_mins=120
            ),
        ],
        cache_config=CacheConfig(enable_caching=True, expire_after="P30D"),
    )
    threshold = ParameterFloat(name="MaxRmse", default_value=3.5)
    gate = ConditionStep(
        name="Gate",
        conditions=[
            ConditionLessThanOrEqualTo(
                left=JsonGet(step_name=evaluate.name, property_file=report, json_path="regression_metrics.rmse.value"), right=threshold
            ),
            ConditionGreaterThan(
                left=JsonGet(
                    s3_uri=Join(on="/", values=[f"s3://{BUCKET}/metrics", ExecutionVariables.PIPELINE_EXECUTION_ID, "summary.json"]),
                    json_path="rows",
                ),
                right=100,
            ),
        ],
        if_steps=[],
        else_steps=[FailStep(name="TooPoor", error_message="the model's RMSE is above MaxRmse")],
    )
    add("PropertyFilesRetryCache", [threshold], [evaluate, gate])

    # 6. A parameter of each type, with and without defaults, used where each type goes.
    parameters = [
        ParameterString(name="Region"),
        ParameterString(name="Stage", default_value="dev", enum_values=["dev", "prod"]),
        ParameterInteger(name="Epochs"),
        ParameterInteger(name="Workers", default_value=0),
        ParameterFloat(name="LearningRate"),
        ParameterFloat(name="Dropout", default_value=0.1),
        ParameterBoolean(name="Verbose"),
        ParameterBoolean(name="DryRun", default_value=False),
    ]
    train = TrainingStep(
        name="Train",
        step_args=estimator(
            hyperparameters={"epochs": parameters[2], "lr": parameters[4], "dropout": parameters[5], "verbose": parameters[6]},
            environment={"STAGE": parameters[1], "REGION": parameters[0]},
        ).fit(inputs={"train": TrainingInput(s3_data=Join(on="/", values=[f"s3://{BUCKET}/data", parameters[1], "train"]))}),
        cache_config=CacheConfig(enable_caching=False),
    )
    add("ParameterTypes", parameters, [train])

    # 7. SageMaker's own images by version, as the seed code names them: scikit-learn processing, then the
    # XGBoost built-in algorithm (no entry point) on its output.
    from sagemaker import image_uris
    from sagemaker.sklearn.processing import SKLearnProcessor

    sklearn = SKLearnProcessor(framework_version="1.2-1", role=ROLE, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session)
    prepare = ProcessingStep(
        name="Prepare",
        step_args=sklearn.run(
            code=f"s3://{BUCKET}/code/preprocess.py",
            inputs=[ProcessingInput(source=f"s3://{BUCKET}/data/abalone.csv", destination="/opt/ml/processing/input")],
            outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
        ),
    )
    xgboost = Estimator(image_uri=image_uris.retrieve("xgboost", REGION, "1.7-1"), role=ROLE, instance_count=1,
                        instance_type="ml.m5.xlarge", output_path=f"s3://{BUCKET}/models", sagemaker_session=session)
    xgboost.set_hyperparameters(objective="reg:squarederror", num_round=50, max_depth=5, eta=0.2)
    builtin = TrainingStep(
        name="TrainBuiltin",
        step_args=xgboost.fit(inputs={"train": TrainingInput(
            s3_data=prepare.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri, content_type="text/csv")}),
    )
    add("FrameworkImages", [], [prepare, builtin])
    return pipelines


with mock_aws():
    definitions = build_all()
with open(sys.argv[1], "w", encoding="utf-8") as output:
    json.dump(definitions, output)
