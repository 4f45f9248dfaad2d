"""Builds a pipeline with the SageMaker Python SDK v2 the way its users do (SKLearnProcessor with a code file,
an SKLearn estimator in script mode with a source_dir), offline against moto, and writes out the definition
together with every object the SDK uploaded (code, sourcedir.tar.gz), so the local service can run it unchanged.

Usage: python_script_mode.py FIXTURES_DIR OUTPUT_JSON
"""
import base64
import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    SAGEMAKER_SUPPRESS_V2_WARNING="1",
    SAGEMAKER_USER_CONFIG_OVERRIDE=os.path.join(HERE, "sagemaker_config.yaml"),
)
warnings.filterwarnings("ignore")

from moto import mock_aws  # noqa: E402
import sagemaker.telemetry.telemetry_logging as telemetry  # noqa: E402


def _refuse_telemetry(*args, **kwargs):
    raise RuntimeError("the SageMaker SDK tried to send telemetry")


telemetry._send_telemetry_request = _refuse_telemetry
BUCKET = "my-bucket"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"


def build(fixtures):
    import boto3
    from sagemaker.inputs import TrainingInput
    from sagemaker.processing import ProcessingInput, ProcessingOutput
    from sagemaker.sklearn.estimator import SKLearn
    from sagemaker.sklearn.processing import SKLearnProcessor
    from sagemaker.workflow.parameters import ParameterFloat
    from sagemaker.workflow.pipeline import Pipeline
    from sagemaker.workflow.pipeline_context import PipelineSession
    from sagemaker.workflow.steps import ProcessingStep, TrainingStep

    boto_session = boto3.Session(region_name="us-east-1")
    boto_session.client("s3").create_bucket(Bucket=BUCKET)
    session = PipelineSession(boto_session=boto_session, default_bucket=BUCKET)
    alpha = ParameterFloat(name="Alpha", default_value=0.5)
    processor = SKLearnProcessor(framework_version="1.2-1", role=ROLE, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session)
    prepare = ProcessingStep(
        name="Prepare",
        step_args=processor.run(
            code=os.path.join(fixtures, "preprocess.py"),
            inputs=[ProcessingInput(source=f"s3://{BUCKET}/data/abalone.csv", destination="/opt/ml/processing/input")],
            outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],
        ),
    )
    estimator = SKLearn(
        entry_point="train.py",
        source_dir=fixtures,
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        hyperparameters={"alpha": alpha},
        metric_definitions=[{"Name": "train:mse", "Regex": "train-mse: ([0-9\\.]+)"}],
        output_path=f"s3://{BUCKET}/models",
        sagemaker_session=session,
    )
    train = TrainingStep(
        name="Train",
        step_args=estimator.fit(inputs={"train": TrainingInput(s3_data=prepare.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri, content_type="text/csv")}),
    )
    definition = Pipeline(name="ScriptMode", parameters=[alpha], steps=[prepare, train], sagemaker_session=session).definition()
    s3 = boto_session.client("s3")
    objects = {}
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        body = s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        objects[f"s3://{BUCKET}/{item['Key']}"] = base64.b64encode(body).decode()
    return {"definition": definition, "objects": objects}


with mock_aws():
    result = build(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as output:
    json.dump(result, output)
