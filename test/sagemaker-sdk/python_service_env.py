"""The SageMaker Python SDK as a user runs it after `eval "$(sluice service env)"`: no arguments, no endpoint,
no bucket given. The default bucket, the data upload, the code uploads, upsert, start and wait all go to the
local service (its SageMaker API, S3 and the SDK config that `service env` names).

Usage: python_service_env.py FIXTURES_DIR DATA_CSV OUTPUT_JSON
"""
import json
import os
import sys

import as_user  # noqa: F401  (first: the SDK as a user has it)

from sagemaker.inputs import TrainingInput  # noqa: E402
from sagemaker.processing import ProcessingInput, ProcessingOutput  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.sklearn.processing import SKLearnProcessor  # noqa: E402
from sagemaker.workflow.parameters import ParameterFloat, ParameterString  # noqa: E402
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from sagemaker.workflow.pipeline_context import PipelineSession  # noqa: E402
from sagemaker.workflow.steps import ProcessingStep, TrainingStep  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
fixtures, data_csv, output = sys.argv[1], sys.argv[2], sys.argv[3]

session = PipelineSession()
bucket = session.default_bucket()
input_uri = session.upload_data(path=data_csv, bucket=bucket, key_prefix="abalone")

input_data = ParameterString(name="InputData", default_value=input_uri)
alpha = ParameterFloat(name="Alpha", default_value=0.5)
processor = SKLearnProcessor(framework_version="1.2-1", role=ROLE, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session)
prepare = ProcessingStep(
    name="Prepare",
    step_args=processor.run(
        code=os.path.join(fixtures, "preprocess.py"),
        inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
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
    sagemaker_session=session,
)
train = TrainingStep(
    name="Train",
    step_args=estimator.fit(inputs={"train": TrainingInput(s3_data=prepare.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri, content_type="text/csv")}),
)
pipeline = Pipeline(name="ServiceEnvPipeline", parameters=[input_data, alpha], steps=[prepare, train], sagemaker_session=session)
pipeline.upsert(role_arn=ROLE)
execution = pipeline.start(parameters={"Alpha": 2.0})
result = {"bucket": bucket, "input": input_uri}
try:
    execution.wait(delay=1, max_attempts=600)
except Exception as error:  # the waiter raises when the execution fails
    result["error"] = str(error)
described = execution.describe()
result["status"] = described["PipelineExecutionStatus"]
result["failure"] = described.get("FailureReason")
result["steps"] = [[s["StepName"], s["StepStatus"], s.get("FailureReason")] for s in reversed(execution.list_steps())]
result["model"] = session.sagemaker_client.describe_training_job(
    TrainingJobName=[s for s in execution.list_steps() if s["StepName"] == "Train"][0]["Metadata"]["TrainingJob"]["Arn"].split("/")[-1]
)["ModelArtifacts"]["S3ModelArtifacts"] if result["status"] == "Succeeded" else None
result["buckets"] = [b["Name"] for b in session.boto_session.client("s3").list_buckets()["Buckets"]]
with open(output, "w", encoding="utf-8") as out:
    json.dump(result, out)
