"""A pipeline in the shape of SageMaker Projects' abalone seed code, written with the SageMaker Python SDK and
run unchanged against the local service after `eval "$(sluice service env)"`: scikit-learn preprocessing with
pandas (its data read with boto3), the XGBoost built-in algorithm with the seed's hyperparameters, evaluation
on the XGBoost image, a condition on MSE, RegisterModel. Then the registered version is approved, deployed to
an endpoint that answers text/csv rows, and used by a batch transform.

Usage: python_seed_pipeline.py FIXTURES_DIR DATA_CSV OUTPUT_JSON [--rerun] [--no-cache]
With --rerun only the pipeline is started again (to see its steps come from the cache); --no-cache turns the
steps' caching off (for timing a whole run). The JSON has the seconds from start() until wait() returned.
"""
import json
import os
import sys
import time

import as_user  # noqa: F401  (first: the SDK as a user has it)

import boto3  # noqa: E402
import sagemaker  # noqa: E402
from sagemaker.deserializers import CSVDeserializer  # noqa: E402
from sagemaker.estimator import Estimator  # noqa: E402
from sagemaker.inputs import TrainingInput  # noqa: E402
from sagemaker.model import Model, ModelPackage  # noqa: E402
from sagemaker.model_metrics import MetricsSource, ModelMetrics  # noqa: E402
from sagemaker.predictor import Predictor  # noqa: E402
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor  # noqa: E402
from sagemaker.serializers import CSVSerializer  # noqa: E402
from sagemaker.sklearn.processing import SKLearnProcessor  # noqa: E402
from sagemaker.transformer import Transformer  # noqa: E402
from sagemaker.workflow.condition_step import ConditionStep  # noqa: E402
from sagemaker.workflow.conditions import ConditionLessThanOrEqualTo  # noqa: E402
from sagemaker.workflow.functions import JsonGet, Join  # noqa: E402
from sagemaker.workflow.model_step import ModelStep  # noqa: E402
from sagemaker.workflow.parameters import ParameterInteger, ParameterString  # noqa: E402
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from sagemaker.workflow.pipeline_context import PipelineSession  # noqa: E402
from sagemaker.workflow.properties import PropertyFile  # noqa: E402
from sagemaker.workflow.steps import CacheConfig, ProcessingStep, TrainingStep  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
GROUP = "AbaloneSeedPackageGroup"
fixtures, data_csv, output = sys.argv[1], sys.argv[2], sys.argv[3]
rerun = "--rerun" in sys.argv

session = PipelineSession()
region = session.boto_region_name
bucket = session.default_bucket()
input_uri = session.upload_data(path=data_csv, bucket=bucket, key_prefix="seed/dataset")
cache = None if "--no-cache" in sys.argv else CacheConfig(enable_caching=True, expire_after="PT2H")

processing_instance_count = ParameterInteger(name="ProcessingInstanceCount", default_value=1)
model_approval_status = ParameterString(name="ModelApprovalStatus", default_value="PendingManualApproval")
input_data = ParameterString(name="InputDataUrl", default_value=input_uri)

sklearn_processor = SKLearnProcessor(
    framework_version="1.2-1", instance_type="ml.m5.xlarge", instance_count=processing_instance_count,
    base_job_name="seed/sklearn-abalone-preprocess", sagemaker_session=session, role=ROLE,
)
step_process = ProcessingStep(
    name="PreprocessAbaloneData",
    step_args=sklearn_processor.run(
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
        ],
        code=os.path.join(fixtures, "preprocess.py"),
        arguments=["--input-data", input_data],
    ),
    cache_config=cache,
)

image_uri = sagemaker.image_uris.retrieve(framework="xgboost", region=region, version="1.7-1", py_version="py3", instance_type="ml.m5.xlarge")
xgb_train = Estimator(
    image_uri=image_uri, instance_type="ml.m5.xlarge", instance_count=1, output_path=f"s3://{bucket}/seed/AbaloneTrain",
    base_job_name="seed/abalone-train", sagemaker_session=session, role=ROLE,
)
xgb_train.set_hyperparameters(objective="reg:linear", num_round=50, max_depth=5, eta=0.2, gamma=4, min_child_weight=6, subsample=0.7, silent=0)
step_train = TrainingStep(
    name="TrainAbaloneModel",
    step_args=xgb_train.fit(
        inputs={
            "train": TrainingInput(s3_data=step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri, content_type="text/csv"),
            "validation": TrainingInput(s3_data=step_process.properties.ProcessingOutputConfig.Outputs["validation"].S3Output.S3Uri, content_type="text/csv"),
        }
    ),
    cache_config=cache,
)

script_eval = ScriptProcessor(
    image_uri=image_uri, command=["python3"], instance_type="ml.m5.xlarge", instance_count=1,
    base_job_name="seed/script-abalone-eval", sagemaker_session=session, role=ROLE,
)
evaluation_report = PropertyFile(name="AbaloneEvaluationReport", output_name="evaluation", path="evaluation.json")
step_eval = ProcessingStep(
    name="EvaluateAbaloneModel",
    step_args=script_eval.run(
        inputs=[
            ProcessingInput(source=step_train.properties.ModelArtifacts.S3ModelArtifacts, destination="/opt/ml/processing/model"),
            ProcessingInput(source=step_process.properties.ProcessingOutputConfig.Outputs["test"].S3Output.S3Uri, destination="/opt/ml/processing/test"),
        ],
        outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")],
        code=os.path.join(fixtures, "evaluate.py"),
    ),
    property_files=[evaluation_report],
    cache_config=cache,
)

model_metrics = ModelMetrics(
    model_statistics=MetricsSource(
        s3_uri=Join(on="/", values=[step_eval.properties.ProcessingOutputConfig.Outputs["evaluation"].S3Output.S3Uri, "evaluation.json"]),
        content_type="application/json",
    )
)
model = Model(image_uri=image_uri, model_data=step_train.properties.ModelArtifacts.S3ModelArtifacts, sagemaker_session=session, role=ROLE)
step_register = ModelStep(
    name="RegisterAbaloneModel",
    step_args=model.register(
        content_types=["text/csv"], response_types=["text/csv"], inference_instances=["ml.t2.medium", "ml.m5.large"],
        transform_instances=["ml.m5.large"], model_package_group_name=GROUP, approval_status=model_approval_status, model_metrics=model_metrics,
    ),
)
condition = ConditionLessThanOrEqualTo(left=JsonGet(step_name=step_eval.name, property_file=evaluation_report, json_path="regression_metrics.mse.value"), right=6.0)
step_cond = ConditionStep(name="CheckMSEAbaloneEvaluation", conditions=[condition], if_steps=[step_register], else_steps=[])

pipeline = Pipeline(
    name="AbaloneSeed",
    parameters=[processing_instance_count, model_approval_status, input_data],
    steps=[step_process, step_train, step_eval, step_cond],
    sagemaker_session=session,
)
# As the seed's run_pipeline.py upserts, with the project's tags: a second upsert (--rerun) merges them with AddTags.
project_tags = [{"Key": "sagemaker:project-name", "Value": "abalone-seed"}, {"Key": "sagemaker:project-id", "Value": "p-seed"}]
upserted = pipeline.upsert(role_arn=ROLE, description="Abalone seed pipeline", tags=list(project_tags))
began = time.monotonic()
execution = pipeline.start()
result = {"image": image_uri, "tags": session.sagemaker_client.list_tags(ResourceArn=upserted["PipelineArn"])["Tags"]}
try:
    execution.wait(delay=0.2, max_attempts=4500)
except Exception as error:  # the waiter raises when the execution fails
    result["error"] = str(error)
result["seconds"] = time.monotonic() - began
described = execution.describe()
steps = list(reversed(execution.list_steps()))
result["status"] = described["PipelineExecutionStatus"]
result["failure"] = described.get("FailureReason")
result["steps"] = [[s["StepName"], s["StepStatus"], s.get("FailureReason"), "CacheHitResult" in s] for s in steps]
if result["status"] != "Succeeded" or rerun:
    with open(output, "w", encoding="utf-8") as out:
        json.dump(result, out)
    sys.exit(0)

sm = session.sagemaker_client
s3 = boto3.client("s3")
training_job = [s for s in steps if s["StepName"] == "TrainAbaloneModel"][0]["Metadata"]["TrainingJob"]["Arn"].split("/")[-1]
result["metrics"] = {m["MetricName"]: m["Value"] for m in sm.describe_training_job(TrainingJobName=training_job).get("FinalMetricDataList", [])}
eval_uri = sm.describe_processing_job(
    ProcessingJobName=[s for s in steps if s["StepName"] == "EvaluateAbaloneModel"][0]["Metadata"]["ProcessingJob"]["Arn"].split("/")[-1]
)["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
report_bucket, report_key = eval_uri[len("s3://"):].split("/", 1)
report = json.loads(s3.get_object(Bucket=report_bucket, Key=f"{report_key.rstrip('/')}/evaluation.json")["Body"].read())
result["mse"] = report["regression_metrics"]["mse"]["value"]

package_arn = sm.list_model_packages(ModelPackageGroupName=GROUP)["ModelPackageSummaryList"][0]["ModelPackageArn"]
sm.update_model_package(ModelPackageArn=package_arn, ModelApprovalStatus="Approved")
result["package"] = package_arn

# The test split, as the preprocessing wrote it: label first, then the features the model takes.
test_uri = sm.describe_processing_job(
    ProcessingJobName=[s for s in steps if s["StepName"] == "PreprocessAbaloneData"][0]["Metadata"]["ProcessingJob"]["Arn"].split("/")[-1]
)["ProcessingOutputConfig"]["Outputs"][2]["S3Output"]["S3Uri"]
test_bucket, test_key = test_uri[len("s3://"):].split("/", 1)
rows = s3.get_object(Bucket=test_bucket, Key=f"{test_key.rstrip('/')}/test.csv")["Body"].read().decode().strip().split("\n")
labels = [float(row.split(",")[0]) for row in rows]
features = [row.split(",", 1)[1] for row in rows]

plain = sagemaker.Session()
deployed = ModelPackage(role=ROLE, model_package_arn=package_arn, sagemaker_session=plain)
deployed.deploy(initial_instance_count=1, instance_type="ml.m5.large", endpoint_name="abalone-seed")
predictor = Predictor(endpoint_name="abalone-seed", sagemaker_session=plain, serializer=CSVSerializer(), deserializer=CSVDeserializer())
answered = predictor.predict("\n".join(features[:20]))
predictions = [float(value) for line in answered for value in line if value != ""]
result["endpoint"] = {"count": len(predictions), "mse": sum((p - y) ** 2 for p, y in zip(predictions, labels[:20])) / max(1, len(predictions))}

s3.put_object(Bucket=bucket, Key="seed/transform-input/test.csv", Body="\n".join(features).encode())
transformer = Transformer(
    model_name=deployed.name, instance_count=1, instance_type="ml.m5.large", output_path=f"s3://{bucket}/seed/transform-output",
    accept="text/csv", sagemaker_session=plain,
)
transformer.transform(data=f"s3://{bucket}/seed/transform-input/", content_type="text/csv", split_type="Line", wait=True, logs=False)
scored = s3.get_object(Bucket=bucket, Key="seed/transform-output/test.csv.out")["Body"].read().decode().strip().split("\n")
result["transform"] = {"count": len(scored), "status": sm.describe_transform_job(TransformJobName=transformer.latest_transform_job.name)["TransformJobStatus"]}
with open(output, "w", encoding="utf-8") as out:
    json.dump(result, out)
