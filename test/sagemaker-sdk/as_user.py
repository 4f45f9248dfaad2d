"""The SageMaker Python SDK as a user has it after `eval "$(sluice service env)"`: nothing set up here but what
the SDK would print warnings about, and its telemetry booby-trapped, so a test fails if the opt-out in the
config that `service env` writes were not applied. Import this module before anything else from `sagemaker`."""
import os
import warnings

warnings.filterwarnings("ignore")
os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"

import sagemaker.telemetry.telemetry_logging as telemetry  # noqa: E402


def _refuse_telemetry(*args, **kwargs):
    raise RuntimeError("the SageMaker SDK tried to send telemetry; the opt-out in the config of `service env` was not applied")


telemetry._send_telemetry_request = _refuse_telemetry
