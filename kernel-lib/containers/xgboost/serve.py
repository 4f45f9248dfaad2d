"""Inference for SageMaker's built-in XGBoost algorithm: GET /ping and POST /invocations on
$SAGEMAKER_BIND_TO_PORT, text/csv (features only, no label) and text/libsvm in, predictions out: for text/csv
comma-separated, one line per record in batch transform (SAGEMAKER_BATCH), or JSON for application/json."""
import json
import os
import pickle
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "serving"))

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402

import algorithm  # noqa: E402
import model_http  # noqa: E402

MODEL_DIR = os.environ.get("SAGEMAKER_MODEL_DIR", "/opt/ml/model")


def load_booster():
    """The model as the algorithm's training wrote it: a pickled Booster, or a file Booster.load_model reads."""
    path = os.path.join(MODEL_DIR, "xgboost-model")
    if not os.path.exists(path):
        candidates = [name for name in sorted(os.listdir(MODEL_DIR)) if not name.startswith(".")] if os.path.isdir(MODEL_DIR) else []
        if not candidates:
            raise SystemExit("no model file in {}".format(MODEL_DIR))
        path = os.path.join(MODEL_DIR, candidates[0])
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:
        booster = xgb.Booster()
        booster.load_model(path)
        return booster


BOOSTER = load_booster()
BATCH = os.environ.get("SAGEMAKER_BATCH", "").lower() == "true"


def predict(body, content_type):
    kind = (content_type or algorithm.CSV).lower().split(";")[0].strip()
    if kind == algorithm.CSV:
        features, _, _ = algorithm.parse_csv_text(body, False)
        if features is None:
            raise algorithm.UserError("no records in the request")
        matrix = xgb.DMatrix(features)
    elif kind in ("text/libsvm", "text/x-libsvm"):
        features, _ = algorithm.parse_libsvm_text(body, n_features=BOOSTER.num_features())
        matrix = xgb.DMatrix(features)
    else:
        raise algorithm.UserError("Content-type {} not supported. Supported content-type is text/csv, text/libsvm".format(kind))
    return BOOSTER.predict(matrix)


def encode(predictions, accept):
    if (accept or "").lower().startswith("application/json"):
        return "application/json", json.dumps({"predictions": [{"score": value} for value in predictions.tolist()]})
    rows = predictions.tolist()
    if predictions.ndim > 1:
        return "text/csv", "\n".join(",".join(repr(value) for value in row) for row in rows)
    if BATCH:
        # One prediction per line, each line ended, so that answers concatenated (AssembleWith None) stay one per line.
        return "text/csv", "".join(repr(value) + "\n" for value in rows)
    return "text/csv", ",".join(repr(value) for value in rows)


def invoke(body, content_type, accept):
    try:
        kind, text = encode(predict(body.decode(), content_type), accept)
        return 200, kind, text
    except algorithm.UserError as error:
        return 415 if "Content-type" in str(error) else 400, "text/plain", str(error)
    except Exception as error:
        return 400, "text/plain", "Unable to evaluate payload provided: {}".format(error)


if __name__ == "__main__":
    model_http.serve(invoke, "XGBoost inference server")
