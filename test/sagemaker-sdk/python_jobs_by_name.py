"""Jobs outside a pipeline, as the SageMaker Python SDK runs them with a plain Session after
`eval "$(sluice service env)"`: estimator.fit() (waiting with its logs) and deploy() with a predict and
delete_endpoint(), processor.run(), tuner.fit(), a @remote function, and a training job stopped while it runs.

Usage: python_jobs_by_name.py FIXTURES_DIR OUTPUT_JSON
"""
import io
import json
import os
import sys
import tarfile
import tempfile
import time

import as_user  # noqa: F401  (first: the SDK as a user has it)

import boto3  # noqa: E402
import sagemaker  # noqa: E402
from sagemaker.estimator import Estimator  # noqa: E402
from sagemaker.processing import ProcessingOutput  # noqa: E402
from sagemaker.remote_function import remote  # noqa: E402
from sagemaker.serializers import CSVSerializer  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.sklearn.processing import SKLearnProcessor  # noqa: E402
from sagemaker.tuner import HyperparameterTuner, IntegerParameter  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
fixtures, output = sys.argv[1], sys.argv[2]
session = sagemaker.Session()
s3 = boto3.client("s3")
outcome = {}


def read(uri):
    bucket, key = uri[len("s3://"):].split("/", 1)
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


estimator = SKLearn(
    entry_point="train.py", source_dir=fixtures, framework_version="1.2-1", role=ROLE, instance_type="ml.m5.large",
    hyperparameters={"epochs": 3}, sagemaker_session=session,
)
estimator.fit()
job = estimator.latest_training_job.describe()
with tempfile.TemporaryDirectory() as folder:
    with tarfile.open(fileobj=io.BytesIO(read(estimator.model_data))) as archive:
        archive.extractall(folder, filter="data")
    with open(os.path.join(folder, "model.json")) as file:
        model = json.load(file)
outcome["fit"] = {"status": job["TrainingJobStatus"], "name": job["TrainingJobName"], "model": model}

# The fitted model deployed: served by its script's model_fn and predict_fn, as the inference toolkit serves them.
# (deploy() waiting polls every 30 s; the endpoint is InService in seconds here.)
predictor = estimator.deploy(initial_instance_count=1, instance_type="ml.m5.large", serializer=CSVSerializer(), wait=False)
deadline = time.time() + 60
while session.sagemaker_client.describe_endpoint(EndpointName=predictor.endpoint_name)["EndpointStatus"] == "Creating" and time.time() < deadline:
    time.sleep(0.2)
outcome["deploy"] = {"status": session.sagemaker_client.describe_endpoint(EndpointName=predictor.endpoint_name)["EndpointStatus"]}
outcome["deploy"]["predictions"] = predictor.predict([[1.0, 2.0], [3.0, 4.0]]).tolist()
# The SDK deletes the endpoint configuration first, then the endpoint.
predictor.delete_endpoint()
deadline = time.time() + 30
while session.sagemaker_client.list_endpoints(NameContains=predictor.endpoint_name)["Endpoints"] and time.time() < deadline:
    time.sleep(0.2)
outcome["deploy"]["left"] = len(session.sagemaker_client.list_endpoints(NameContains=predictor.endpoint_name)["Endpoints"])

processor = SKLearnProcessor(framework_version="1.2-1", role=ROLE, instance_type="ml.m5.large", instance_count=1, sagemaker_session=session)
processor.run(code=os.path.join(fixtures, "prepare.py"), outputs=[ProcessingOutput(output_name="out", source="/opt/ml/processing/out")], logs=False)
described = processor.latest_job.describe()
written = read(described["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"] + "/job.txt").decode()
outcome["run"] = {"status": described["ProcessingJobStatus"], "name": described["ProcessingJobName"], "written": written}


# A tuner over the same script: two trials, ranked by the loss the script prints.
tuner = HyperparameterTuner(
    estimator, "loss", {"epochs": IntegerParameter(1, 4)}, metric_definitions=[{"Name": "loss", "Regex": "loss=([0-9.]+)"}],
    objective_type="Minimize", strategy="Random", max_jobs=2, max_parallel_jobs=2,
)
tuner.fit()
tuned = tuner.describe()
outcome["tune"] = {
    "status": tuned["HyperParameterTuningJobStatus"],
    "name": tuned["HyperParameterTuningJobName"],
    "trials": len(session.sagemaker_client.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName=tuned["HyperParameterTuningJobName"])["TrainingJobSummaries"]),
    "best": tuner.best_training_job(),
}


@remote(role=ROLE, instance_type="ml.m5.large", image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/my-functions:latest", sagemaker_session=session)
def divide(a, b):
    return a / b


# The SDK describes a job every 30 s while it streams its logs: one call is enough to see a value come back.
outcome["remote"] = {"value": divide(10, 4)}

# A job that would run a minute, stopped after it starts.
sleeper = Estimator(
    image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/my-sleeper:latest", role=ROLE, instance_type="ml.m5.large", instance_count=1,
    container_entry_point=["python3", "-c", "import time; time.sleep(60)"], sagemaker_session=session,
)
sleeper.fit(wait=False)
name = sleeper.latest_training_job.name
client = session.sagemaker_client
deadline = time.time() + 60
while client.describe_training_job(TrainingJobName=name).get("SecondaryStatus") != "Training" and time.time() < deadline:
    time.sleep(0.2)
sleeper.latest_training_job.stop()
while client.describe_training_job(TrainingJobName=name)["TrainingJobStatus"] == "InProgress" and time.time() < deadline:
    time.sleep(0.2)
outcome["stopped"] = client.describe_training_job(TrainingJobName=name)["TrainingJobStatus"]

with open(output, "w") as file:
    json.dump(outcome, file)
