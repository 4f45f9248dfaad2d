"""A FrameworkProcessor (scikit-learn 1.2-1) with a source_dir holding a requirements.txt, as the SageMaker Python SDK
writes it, run unchanged against the local service after `eval "$(sluice service env)"`: the SDK's runproc.sh unpacks
the source, runs `pip uninstall --yes typing` and `python -m pip install -r requirements.txt`, then the script.

Usage: python_framework_processor.py SOURCE_DIR OUTPUT_JSON
"""
import json
import sys

import as_user  # noqa: F401  (first: the SDK as a user has it)

import boto3  # noqa: E402
from sagemaker.processing import FrameworkProcessor, ProcessingOutput  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.workflow.parameters import ParameterInteger  # noqa: E402
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from sagemaker.workflow.pipeline_context import PipelineSession  # noqa: E402
from sagemaker.workflow.steps import ProcessingStep  # noqa: E402
from pipeline_outcome import run_to_end  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
source_dir, output = sys.argv[1], sys.argv[2]

session = PipelineSession()
rows = ParameterInteger(name="Rows", default_value=2)
processor = FrameworkProcessor(
    estimator_cls=SKLearn, framework_version="1.2-1", role=ROLE, instance_type="ml.m5.large", instance_count=1, sagemaker_session=session
)
step_args = processor.run(
    code="prepare.py",
    source_dir=source_dir,
    outputs=[ProcessingOutput(output_name="table", source="/opt/ml/processing/table")],
    arguments=["--rows", rows.to_string()],
)
pipeline = Pipeline(name="FrameworkProcessor", steps=[ProcessingStep(name="Prepare", step_args=step_args)], parameters=[rows], sagemaker_session=session)
execution, outcome = run_to_end(pipeline, ROLE, {"Rows": 3})
if outcome["status"] == "Succeeded":
    arn = execution.list_steps()[0]["Metadata"]["ProcessingJob"]["Arn"]
    job = session.sagemaker_client.describe_processing_job(ProcessingJobName=arn.split("/")[-1])
    uri = job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    bucket, key = uri[len("s3://"):].split("/", 1)
    outcome["table"] = boto3.client("s3").get_object(Bucket=bucket, Key=f"{key}/table.txt")["Body"].read().decode()

with open(output, "w") as file:
    json.dump(outcome, file)
