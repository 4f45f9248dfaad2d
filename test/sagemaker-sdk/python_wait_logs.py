"""What `wait(logs=True)` does on a running job, with the SageMaker Python SDK as a user has it after
`eval "$(sluice service env)"`: follow the job's CloudWatch log stream until the job ends, printing each line.

Usage: python_wait_logs.py training|processing JOB_NAME
"""
import sys

import as_user  # noqa: F401  (first: the SDK as a user has it)

import sagemaker  # noqa: E402
from sagemaker.estimator import _TrainingJob  # noqa: E402
from sagemaker.processing import ProcessingJob  # noqa: E402

kind, job_name = sys.argv[1], sys.argv[2]
session = sagemaker.Session()
if kind == "training":
    # What an estimator's fit(wait=True, logs="All") and attach() end in.
    _TrainingJob(session, job_name).wait(logs="All")
else:
    ProcessingJob.from_processing_name(sagemaker_session=session, processing_job_name=job_name).wait(logs=True)
print("WAIT RETURNED", flush=True)
