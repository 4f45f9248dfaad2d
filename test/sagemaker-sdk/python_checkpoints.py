"""An SKLearn estimator with checkpoint_s3_uri in a TrainingStep, as the SageMaker Python SDK writes it, run twice
against the local service after `eval "$(sluice service env)"`: the second run starts from the checkpoint the first
left in S3.

Usage: python_checkpoints.py SOURCE_DIR OUTPUT_JSON
"""
import json
import sys

import as_user  # noqa: F401  (first: the SDK as a user has it)

import boto3  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from sagemaker.workflow.pipeline_context import PipelineSession  # noqa: E402
from sagemaker.workflow.steps import TrainingStep  # noqa: E402
from pipeline_outcome import run_to_end  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
source_dir, output = sys.argv[1], sys.argv[2]

session = PipelineSession()
bucket = session.default_bucket()
checkpoints = f"s3://{bucket}/resuming/checkpoints"
estimator = SKLearn(
    entry_point="train.py", source_dir=source_dir, framework_version="1.2-1", role=ROLE, instance_type="ml.m5.large",
    hyperparameters={"epochs": 3}, checkpoint_s3_uri=checkpoints, sagemaker_session=session,
)
pipeline = Pipeline(name="Resuming", steps=[TrainingStep(name="Train", step_args=estimator.fit())], sagemaker_session=session)
s3 = boto3.client("s3")
outcome = {"runs": []}
for _ in range(2):
    execution, run = run_to_end(pipeline, ROLE)
    if run["status"] == "Succeeded":
        run["checkpoint"] = json.loads(s3.get_object(Bucket=bucket, Key="resuming/checkpoints/state.json")["Body"].read())
        arn = execution.list_steps()[0]["Metadata"]["TrainingJob"]["Arn"]
        job = session.sagemaker_client.describe_training_job(TrainingJobName=arn.split("/")[-1])
        run["checkpointConfig"] = job.get("CheckpointConfig")
    outcome["runs"].append(run)

with open(output, "w") as file:
    json.dump(outcome, file)
