"""What a user does with jobs after they ran, with the SageMaker Python SDK after `eval "$(sluice service env)"`:
attach to a finished job by name, read its metrics as a table (TrainingJobAnalytics, through CloudWatch's
GetMetricStatistics), register its model (the SDK finds the job by its model artifacts with Search), search jobs,
read a tuner's trials as a table, and attach to a tuning job another client made.

Usage: python_job_analytics.py FIXTURES_DIR OUTPUT_JSON
"""
import datetime
import json
import sys
import time

import as_user  # noqa: F401  (first: the SDK as a user has it)

import boto3  # noqa: E402
import sagemaker  # noqa: E402
from sagemaker.estimator import Estimator  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.tuner import HyperparameterTuner, IntegerParameter  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
LOSS = [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]
fixtures, output = sys.argv[1], sys.argv[2]
session = sagemaker.Session()
client = session.sagemaker_client
outcome = {}

# The script prints loss=1.000, 0.500, 0.333 over its 3 epochs.
estimator = SKLearn(
    entry_point="train.py", source_dir=fixtures, framework_version="1.2-1", role=ROLE, instance_type="ml.m5.large",
    hyperparameters={"epochs": 3}, metric_definitions=LOSS, tags=[{"Key": "team", "Value": "forecasting"}], sagemaker_session=session,
)
estimator.fit(logs=False)
name = estimator.latest_training_job.name

# In a later session: the job by its name alone.
attached = Estimator.attach(name, sagemaker_session=session)
outcome["attached"] = {
    "model": attached.model_data == estimator.model_data,
    "epochs": attached.hyperparameters()["epochs"],
    "tags": attached.tags,
    "instance": attached.instance_type,
}

table = estimator.training_job_analytics.dataframe()
outcome["analytics"] = {"metrics": sorted(set(table["metric_name"])), "rows": len(table)}
described = client.describe_training_job(TrainingJobName=name)
statistics = boto3.client("cloudwatch").get_metric_statistics(
    Namespace="/aws/sagemaker/TrainingJobs", MetricName="loss", Dimensions=[{"Name": "Host", "Value": f"{name}/algo-1"}],
    StartTime=described["TrainingStartTime"] - datetime.timedelta(minutes=1), EndTime=described["TrainingEndTime"] + datetime.timedelta(minutes=1),
    Period=60, Statistics=["SampleCount", "Minimum", "Maximum", "Sum"],
)["Datapoints"]
outcome["statistics"] = {
    "count": sum(point["SampleCount"] for point in statistics),
    "min": min(point["Minimum"] for point in statistics),
    "max": max(point["Maximum"] for point in statistics),
    "sum": round(sum(point["Sum"] for point in statistics), 3),
}

package = estimator.register(
    content_types=["text/csv"], response_types=["text/csv"], inference_instances=["ml.m5.large"], transform_instances=["ml.m5.large"],
    model_package_group_name="analytics-models", approval_status="PendingManualApproval",
)
card = client.describe_model_package(ModelPackageName=package.model_package_arn)["ModelCard"]
outcome["registered"] = {
    "arn": package.model_package_arn,
    "card_job": json.loads(card["ModelCardContent"])["training_details"]["training_job_details"]["training_arn"],
    "job": described["TrainingJobArn"],
}


def found(resource, expression):
    return [
        record[resource]["TrainingJobName" if resource == "TrainingJob" else "ModelPackageArn"]
        for record in client.search(Resource=resource, SearchExpression=expression)["Results"]
    ]


outcome["search"] = {
    "by_model": found("TrainingJob", {"Filters": [{"Name": "ModelArtifacts.S3ModelArtifacts", "Operator": "Equals", "Value": estimator.model_data}]}),
    "by_metric": found("TrainingJob", {"Filters": [{"Name": "Metrics.loss", "Operator": "LessThan", "Value": "0.5"}]}),
    "by_hyperparameter": found("TrainingJob", {"Filters": [{"Name": "HyperParameters.epochs", "Operator": "GreaterThan", "Value": "5"}]}),
    "by_tag_or_name": found("TrainingJob", {
        "SubExpressions": [
            {"Filters": [{"Name": "Tags.team", "Value": "forecasting"}]},
            {"Filters": [{"Name": "TrainingJobName", "Operator": "Contains", "Value": "no-such-job"}]},
        ],
        "Operator": "Or",
    }),
    "package": found("ModelPackage", {"Filters": [{"Name": "ModelPackageGroupName", "Value": "analytics-models"}]}),
}

tuner = HyperparameterTuner(
    estimator, "loss", {"epochs": IntegerParameter(1, 4)}, metric_definitions=LOSS,
    objective_type="Minimize", strategy="Random", max_jobs=2, max_parallel_jobs=2,
)
tuner.fit(logs=False)
trials = tuner.analytics().dataframe()
# Two trials may draw the same epochs: the best is one with the lowest loss.
best_value = trials.loc[trials["TrainingJobName"] == tuner.best_training_job(), "FinalObjectiveValue"].iloc[0]
outcome["tuner"] = {"rows": len(trials), "columns": sorted(trials.columns), "best": float(best_value), "lowest": float(trials["FinalObjectiveValue"].min())}

# A tuning job made with boto3 (its definition with ResourceConfig), attached to by name.
definition = tuner.describe()["TrainingJobDefinition"]
static = {key: value for key, value in definition["StaticHyperParameters"].items() if key != "_tuning_objective_metric"}
client.create_hyper_parameter_tuning_job(
    HyperParameterTuningJobName="boto3-tuning",
    HyperParameterTuningJobConfig=tuner.describe()["HyperParameterTuningJobConfig"],
    TrainingJobDefinition={
        "StaticHyperParameters": static,
        "AlgorithmSpecification": definition["AlgorithmSpecification"],
        "RoleArn": ROLE,
        "OutputDataConfig": definition["OutputDataConfig"],
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
    },
)
deadline = time.time() + 120
while client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="boto3-tuning")["HyperParameterTuningJobStatus"] == "InProgress":
    if time.time() > deadline:
        raise TimeoutError("the tuning job made with boto3 did not end in 2 minutes")
    time.sleep(0.5)
again = HyperparameterTuner.attach("boto3-tuning", sagemaker_session=session)
outcome["tuner_attached"] = {"best": again.best_training_job(), "objective": again.objective_metric_name, "static": sorted(again.estimator.hyperparameters())}

with open(output, "w") as file:
    json.dump(outcome, file)
