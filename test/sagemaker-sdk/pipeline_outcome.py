"""How the tests' Python scripts run a pipeline to its end and report it: upsert, start, wait, then the status and
each step's (name, status, failure reason), sorted by name, for the test to compare."""


def steps_of(execution):
    return sorted((item["StepName"], item["StepStatus"], item.get("FailureReason")) for item in execution.list_steps())


def run_to_end(pipeline, role, parameters=None):
    """Returns the execution and {"status", "steps"} (and "wait": why waiting ended early, when it did)."""
    pipeline.upsert(role_arn=role)
    execution = pipeline.start(parameters=parameters or {})
    outcome = {}
    try:
        execution.wait(delay=2, max_attempts=300)
    except Exception as error:  # the status and steps below say which step failed and why
        outcome["wait"] = str(error)
    outcome["status"] = execution.describe()["PipelineExecutionStatus"]
    outcome["steps"] = steps_of(execution)
    return execution, outcome
