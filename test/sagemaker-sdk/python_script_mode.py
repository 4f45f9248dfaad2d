"""Builds a pipeline with the SageMaker Python SDK v2 the way its users do (SKLearnProcessor with a code file,
an SKLearn estimator in script mode with a source_dir), offline against moto, and writes out the definition
together with every object the SDK uploaded (code, sourcedir.tar.gz), so the local service can run it unchanged.

Usage: python_script_mode.py FIXTURES_DIR OUTPUT_JSON [--run]
With --run, the SDK itself is pointed at the local service (AWS_ENDPOINT_URL and the service's keys in the
environment): the uploads go to the service's artifact store, then pipeline.upsert(), pipeline.start() and
execution.wait(), and the JSON says how the execution ended.
"""
import base64
import json
import os
import sys

from offline_sdk import BUCKET, ROLE  # sets up the offline SDK first
from moto import mock_aws


def put_local_artifact(uri, body):
    """Stores an object in the local service's artifact store (its SluiceLocal.PutArtifact, signed like the rest)."""
    import boto3
    import requests
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    endpoint = os.environ["SLUICE_ENDPOINT"]
    credentials = boto3.Session(
        aws_access_key_id=os.environ["SLUICE_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["SLUICE_SECRET_ACCESS_KEY"]
    ).get_credentials()
    payload = json.dumps({"S3Uri": uri, "Body": base64.b64encode(body).decode()})
    request = AWSRequest(method="POST", url=endpoint + "/", data=payload, headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SluiceLocal.PutArtifact"})
    SigV4Auth(credentials, "sagemaker", "us-east-1").add_auth(request)
    response = requests.post(endpoint + "/", data=payload, headers=dict(request.headers))
    response.raise_for_status()


def build(fixtures, run=False):
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
    if run:
        # SageMaker calls go to the local service; S3 uploads land in moto first and are copied over below.
        sagemaker_client = boto3.client(
            "sagemaker",
            region_name="us-east-1",
            endpoint_url=os.environ["SLUICE_ENDPOINT"],
            aws_access_key_id=os.environ["SLUICE_ACCESS_KEY_ID"],
            aws_secret_access_key=os.environ["SLUICE_SECRET_ACCESS_KEY"],
        )
        session = PipelineSession(boto_session=boto_session, sagemaker_client=sagemaker_client, default_bucket=BUCKET)
    else:
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
    pipeline = Pipeline(name="ScriptMode", parameters=[alpha], steps=[prepare, train], sagemaker_session=session)
    definition = pipeline.definition()
    s3 = boto_session.client("s3")
    objects = {}
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        body = s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        objects[f"s3://{BUCKET}/{item['Key']}"] = base64.b64encode(body).decode()
    if not run:
        return {"definition": definition, "objects": objects}
    for uri, body in objects.items():
        put_local_artifact(uri, base64.b64decode(body))
    pipeline.upsert(role_arn=ROLE)
    execution = pipeline.start(parameters={"Alpha": 2.0})
    try:
        execution.wait(delay=1, max_attempts=180)
    except Exception as error:  # the waiter raises when the execution fails
        return {"error": str(error), "status": execution.describe()["PipelineExecutionStatus"]}
    steps = execution.list_steps()
    return {"status": execution.describe()["PipelineExecutionStatus"], "steps": [[s["StepName"], s["StepStatus"]] for s in reversed(steps)]}


with mock_aws():
    result = build(sys.argv[1], run="--run" in sys.argv)
with open(sys.argv[2], "w", encoding="utf-8") as output:
    json.dump(result, output)
