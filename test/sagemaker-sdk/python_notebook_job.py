"""Writes a pipeline with two NotebookJobSteps with the SageMaker Python SDK v2, offline (moto), and what it uploaded.

Usage: python_notebook_job.py NOTEBOOK_TS NOTEBOOK_PY OUTPUT_JSON. Writes {"definition": "...", "uploads": {"<step>": ["<key>", ...]}}.
"""
import json
import sys

from offline_sdk import BUCKET, ROLE  # noqa: F401  (sets up the offline SDK first)
from moto import mock_aws

REGION = "us-east-1"
IMAGE = "885854791233.dkr.ecr.us-east-1.amazonaws.com/sagemaker-distribution-prod:1-cpu"


def build(notebook_ts, notebook_py):
    import boto3
    from sagemaker.workflow.notebook_job_step import NotebookJobStep
    from sagemaker.workflow.parameters import ParameterString
    from sagemaker.workflow.pipeline import Pipeline
    from sagemaker.workflow.pipeline_context import PipelineSession

    boto3.client("s3", region_name=REGION).create_bucket(Bucket=BUCKET)
    session = PipelineSession(boto_session=boto3.Session(region_name=REGION), default_bucket=BUCKET)
    label = ParameterString(name="Label", default_value="from-default")
    explore = NotebookJobStep(
        name="Explore",
        notebook_job_name="explore-ts",
        input_notebook=notebook_ts,
        image_uri=IMAGE,
        kernel_name="tslab",
        role=ROLE,
        parameters={"ratio": "0.7", "label": label},
        environment_variables={"STAGE": "test"},
    )
    summarise = NotebookJobStep(
        name="Summarise",
        notebook_job_name="summarise",
        input_notebook=notebook_py,
        image_uri=IMAGE,
        kernel_name="python3",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        parameters={"source": explore.properties.OutputNotebookName},
    )
    definition = Pipeline(name="Notebooks", parameters=[label], steps=[explore, summarise], sagemaker_session=session).definition()
    listed = boto3.client("s3", region_name=REGION).list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {"definition": definition, "uploads": sorted(item["Key"] for item in listed)}


with mock_aws():
    result = build(sys.argv[1], sys.argv[2])
with open(sys.argv[3], "w", encoding="utf-8") as output:
    json.dump(result, output)
