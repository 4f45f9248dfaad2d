"""SageMaker Experiments as the Python SDK's users track runs after `eval "$(sluice service env)"`: two runs of an
experiment log parameters and metrics; a third fails inside its `with`; the runs are compared as a table
(ExperimentAnalytics, which searches trial components by experiment), listed, loaded again to log more, and the
experiment is deleted with everything in it. A training job started for a run logs to the run from inside; a
pipeline's execution is a trial of the pipeline's experiment.

Usage: python_experiments.py FIXTURES_DIR OUTPUT_JSON
"""
import json
import os
import shutil
import sys
import tempfile

import as_user  # noqa: F401  (first: the SDK as a user has it)

import sagemaker  # noqa: E402
from sagemaker.analytics import ExperimentAnalytics  # noqa: E402
from sagemaker.experiments import list_runs  # noqa: E402
from sagemaker.experiments.experiment import Experiment  # noqa: E402
from sagemaker.experiments.run import Run, load_run  # noqa: E402
from sagemaker.sklearn.estimator import SKLearn  # noqa: E402
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from sagemaker.workflow.pipeline_context import PipelineSession  # noqa: E402
from sagemaker.workflow.steps import TrainingStep  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
fixtures, output = sys.argv[1], sys.argv[2]
session = sagemaker.Session()
client = session.sagemaker_client
outcome = {}

for rate in (0.1, 0.01):
    with Run(experiment_name="churn", run_name=f"rate-{str(rate).replace('.', '-')}", sagemaker_session=session) as run:
        run.log_parameter("learning_rate", rate)
        run.log_parameters({"optimizer": "adam", "epochs": 3})
        for epoch in range(3):
            run.log_metric(name="loss", value=rate / (epoch + 1), step=epoch)
        run.log_metric(name="accuracy", value=1 - rate)

try:
    with Run(experiment_name="churn", run_name="broken", sagemaker_session=session) as run:
        run.log_parameter("learning_rate", 5)
        raise ValueError("diverged at epoch 2")
except ValueError:
    pass

table = ExperimentAnalytics(experiment_name="churn", sagemaker_session=session).dataframe()
columns = ["TrialComponentName", "learning_rate", "optimizer", "epochs", "loss - Min", "loss - Max", "loss - Last", "loss - Count", "accuracy - Last", "Experiments"]
outcome["table"] = json.loads(table.sort_values("TrialComponentName")[[c for c in columns if c in table.columns]].to_json(orient="records"))
outcome["runs"] = sorted(run.run_name for run in list_runs(experiment_name="churn", sagemaker_session=session))

broken = client.describe_trial_component(TrialComponentName="churn-broken")
outcome["broken"] = broken["Status"]

with load_run(experiment_name="churn", run_name="rate-0-1", sagemaker_session=session) as run:
    run.log_metric(name="loss", value=0.01, step=3)
loaded = client.describe_trial_component(TrialComponentName="churn-rate-0-1")
outcome["loaded"] = {metric["MetricName"]: metric["Count"] for metric in loaded["Metrics"]}
outcome["trial"] = [summary["TrialName"] for summary in client.list_trials(ExperimentName="churn")["TrialSummaries"]]

# A training job started for a run logs to it from inside (its script calls load_run()); the script's folder names the
# SDK in requirements.txt, as the SDK's examples do, at the client's version.
with tempfile.TemporaryDirectory() as folder:
    shutil.copy(os.path.join(fixtures, "train.py"), folder)
    with open(os.path.join(folder, "requirements.txt"), "w") as requirements:
        requirements.write(f"sagemaker=={sagemaker.__version__}\n")
    with Run(experiment_name="churn", run_name="in-a-job", sagemaker_session=session) as run:
        estimator = SKLearn(
            entry_point="train.py", source_dir=folder, framework_version="1.2-1", role=ROLE, instance_type="ml.m5.large", sagemaker_session=session,
        )
        estimator.fit(experiment_config=run.experiment_config, logs=False)
job = estimator.latest_training_job.describe()
in_job = client.describe_trial_component(TrialComponentName="churn-in-a-job")
outcome["job"] = {
    "status": job["TrainingJobStatus"],
    "failure": job.get("FailureReason"),
    "config": job.get("ExperimentConfig"),
    "parameters": {key: value.get("StringValue") for key, value in in_job["Parameters"].items()},
    "metrics": {metric["MetricName"]: metric["Count"] for metric in in_job.get("Metrics", [])},
    "trial": sorted(s["TrialComponentName"] for s in client.list_trial_components(TrialName="Default-Run-Group-churn")["TrialComponentSummaries"]),
    "name": job["TrainingJobName"],
}

Experiment.load(experiment_name="churn", sagemaker_session=session)._delete_all(action="--force")

# A pipeline's execution is a trial of the pipeline's experiment (PipelineExperimentConfig, by default the pipeline's
# name and the execution's id), its jobs in the trial with their hyperparameters and metrics; a pipeline without the
# config makes none.
pipeline_session = PipelineSession()
for name, config in (("TrackedPipeline", "default"), ("UntrackedPipeline", None)):
    estimator = SKLearn(
        entry_point="train.py", source_dir=os.path.join(fixtures, "..", "jobs-by-name"), framework_version="1.2-1", role=ROLE,
        instance_type="ml.m5.large", hyperparameters={"epochs": 2}, metric_definitions=[{"Name": "loss", "Regex": "loss=([0-9.]+)"}],
        sagemaker_session=pipeline_session,
    )
    step = TrainingStep(name="Train", step_args=estimator.fit())
    extra = {} if config == "default" else {"pipeline_experiment_config": None}
    pipeline = Pipeline(name=name, steps=[step], sagemaker_session=pipeline_session, **extra)
    pipeline.upsert(role_arn=ROLE)
    execution = pipeline.start()
    execution.wait(delay=1, max_attempts=120)
    described = execution.describe()
    execution_id = described["PipelineExecutionArn"].split("/")[-1]
    job = execution.list_steps()[0]["Metadata"]["TrainingJob"]["Arn"].split("/")[-1]
    held = client.list_trial_components(TrialName=execution_id)["TrialComponentSummaries"] if config == "default" else []
    outcome[name] = {
        "status": described["PipelineExecutionStatus"],
        "config": described.get("PipelineExperimentConfig"),
        "id": execution_id,
        "job": job,
        "trial": [summary["TrialComponentName"] for summary in held],
        "experiments": [s["ExperimentName"] for s in client.list_experiments()["ExperimentSummaries"]],
    }
    if config == "default":
        runs = ExperimentAnalytics(experiment_name=name, sagemaker_session=session).dataframe()
        outcome[name]["table"] = json.loads(runs[["epochs", "loss - Last", "loss - Count", "Trials"]].to_json(orient="records"))
outcome["left"] = {
    "experiments": [s["ExperimentName"] for s in client.list_experiments()["ExperimentSummaries"]],
    "runs": [s["TrialComponentName"] for s in client.list_trial_components()["TrialComponentSummaries"] if s["TrialComponentName"].startswith("churn-")],
}

with open(output, "w") as file:
    json.dump(outcome, file)
