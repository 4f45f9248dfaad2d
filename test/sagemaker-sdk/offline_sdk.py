"""Makes the SageMaker Python SDK safe to run in tests: dummy credentials, no v2 warnings, and its telemetry
switched off (by its own config) and booby-trapped, so nothing ever leaves this machine.

Import this module before anything from `sagemaker`.
"""
import os
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    SAGEMAKER_SUPPRESS_V2_WARNING="1",
    SAGEMAKER_USER_CONFIG_OVERRIDE=os.path.join(HERE, "sagemaker_config.yaml"),
)
warnings.filterwarnings("ignore")

import sagemaker.telemetry.telemetry_logging as telemetry  # noqa: E402


def _refuse_telemetry(*args, **kwargs):
    raise RuntimeError("the SageMaker SDK tried to send telemetry; the opt-out config was not applied")


telemetry._send_telemetry_request = _refuse_telemetry

BUCKET = "my-bucket"
ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"
