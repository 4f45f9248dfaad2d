"""Function steps as the SageMaker Python SDK writes them (`@step`), run unchanged against the local service after
`eval "$(sluice service env)"`: a parameter into one function, its list into the next, a function with a
requirements.txt of its own that runs only when a condition on a function's result holds, and a pipeline whose
function raises. The results are read back with the SDK's own
`execution.result(step_name=…)`, which fetches them from S3.

Usage: python_function_steps.py REQUIREMENTS_TXT OUTPUT_JSON
"""
import json
import sys

import as_user  # noqa: F401  (first: the SDK as a user has it)

from sagemaker.workflow.condition_step import ConditionStep  # noqa: E402
from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo  # noqa: E402
from sagemaker.workflow.function_step import step  # noqa: E402
from sagemaker.workflow.parameters import ParameterInteger  # noqa: E402
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from pipeline_outcome import run_to_end  # noqa: E402

ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
# An image of the user's own, not a framework image: the function's dependencies are all its environment holds.
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-functions:latest"
requirements, output = sys.argv[1], sys.argv[2]
settings = dict(role=ROLE, instance_type="ml.m5.large", image_uri=IMAGE)


@step(name="MakeList", **settings)
def make_list(count):
    return list(range(count))


@step(name="Total", **settings)
def total(values):
    return sum(values)


@step(name="Table", dependencies=requirements, **settings)
def table(values):
    from tabulate import tabulate

    return tabulate([[value, value * value] for value in values], headers=["n", "square"], tablefmt="plain")


@step(name="Refuse", **settings)
def refuse():
    raise ValueError("the input has no rows")


count = ParameterInteger(name="Count", default_value=3)
values = make_list(count)
summed = total(values)
# The condition reads Total's result from S3 (Std:JsonGet on its results.json), as SageMaker does.
enough = ConditionStep(name="Enough", conditions=[ConditionGreaterThanOrEqualTo(left=summed, right=5)], if_steps=[table(values)], else_steps=[])
pipeline = Pipeline(name="FunctionSteps", steps=[summed, enough], parameters=[count])
execution, outcome = run_to_end(pipeline, ROLE, {"Count": 4})
if outcome["status"] == "Succeeded":
    outcome["results"] = {name: execution.result(step_name=name) for name in ["MakeList", "Total", "Table"]}

failing = Pipeline(name="FunctionStepFails", steps=[refuse()])
_, outcome["failing"] = run_to_end(failing, ROLE)

with open(output, "w") as file:
    json.dump(outcome, file)
