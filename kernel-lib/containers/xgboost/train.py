"""Training for SageMaker's built-in XGBoost algorithm: /opt/ml/input/config/hyperparameters.json and the
train/validation channels in, one evaluation line per round out (the container's format, tabs written as
CloudWatch shows them, #011, so the algorithm's metric definitions read them), the model saved as a pickled
Booster in /opt/ml/model/xgboost-model, as the container does."""
import json
import os
import pickle
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import xgboost as xgb  # noqa: E402

import algorithm  # noqa: E402

CONFIG = os.environ.get("SM_INPUT_CONFIG_DIR", "/opt/ml/input/config")
MODEL_DIR = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
OUTPUT_DIR = os.environ.get("SM_OUTPUT_DIR", "/opt/ml/output")
DATA_DIR = os.path.join(os.environ.get("SM_INPUT_DIR", "/opt/ml/input"), "data")


def log(message):
    print("[{}] {}".format(time.strftime("%Y-%m-%d:%H:%M:%S"), message), flush=True)


def read_json(name):
    path = os.path.join(CONFIG, name)
    if not os.path.exists(path):
        return {}
    with open(path) as handle:
        return json.load(handle)


def load_channel(channel, content_type, csv_weights):
    path = os.path.join(DATA_DIR, channel)
    files = algorithm.data_files(path) if os.path.isdir(path) else []
    if not files:
        return None
    text = "".join(open(name).read().rstrip("\n") + "\n" for name in files)
    if content_type == algorithm.CSV:
        features, label, weights = algorithm.parse_csv_text(text, True, csv_weights)
        if features is None:
            return None
        return xgb.DMatrix(features, label=label, weight=weights)
    features, label = algorithm.parse_libsvm_text(text)
    return xgb.DMatrix(features, label=label)


def fmt(name, value):
    return "{}:{:.5f}".format(name, value)


def make_printer(names):
    """A callback printing `[i]#011train-rmse:…#011validation-rmse:…` each round, for xgboost 1.0 to 3.x."""
    if hasattr(xgb.callback, "TrainingCallback"):
        class Printer(xgb.callback.TrainingCallback):
            def after_iteration(self, model, epoch, evals_log):
                parts = ["{}-{}:{:.5f}".format(data, metric, values[-1][0] if isinstance(values[-1], tuple) else values[-1])
                         for data, metrics in evals_log.items() for metric, values in metrics.items()]
                print("[{}]#011{}".format(epoch, "#011".join(parts)), flush=True)
                return False
        return Printer()

    def printer(env):
        parts = [fmt(name, value) for name, value in env.evaluation_result_list]
        print("[{}]#011{}".format(env.iteration, "#011".join(parts)), flush=True)
    return printer


def main():
    hyperparameters = read_json("hyperparameters.json")
    channels = read_json("inputdataconfig.json")
    params = algorithm.validate({key: str(value) for key, value in hyperparameters.items()})
    if "train" not in channels and not os.path.isdir(os.path.join(DATA_DIR, "train")):
        raise algorithm.UserError("Missing required channel: train")
    content_type = algorithm.content_type_of((channels.get("train") or {}).get("ContentType"))
    csv_weights = params.get("csv_weights", 0)
    train = load_channel("train", content_type, csv_weights)
    if train is None:
        raise algorithm.UserError("No data in training channel path {}".format(os.path.join(DATA_DIR, "train")))
    validation = load_channel("validation", content_type, 0)
    if "validation" in channels and validation is None:
        raise algorithm.UserError("No data in validation channel path {}".format(os.path.join(DATA_DIR, "validation")))
    log("INFO:root:Single node training.")
    log("INFO:root:Train matrix has {} rows and {} columns".format(train.num_row(), train.num_col()))
    if validation is not None:
        log("INFO:root:Validation matrix has {} rows".format(validation.num_row()))

    num_round = params["num_round"]
    early_stopping = params.get("early_stopping_rounds")
    booster_params = {key: value for key, value in params.items() if key not in algorithm.ALGORITHM_ONLY}
    if booster_params.get("objective") == "reg:linear":
        # Deprecated in xgboost 1.0 and removed later: the same loss under its current name.
        booster_params["objective"] = "reg:squarederror"
    if "eval_metric" in booster_params:
        booster_params["eval_metric"] = [metric.strip() for metric in booster_params["eval_metric"]]
    if "monotone_constraints" in booster_params and not isinstance(booster_params["monotone_constraints"], str):
        booster_params["monotone_constraints"] = str(booster_params["monotone_constraints"])
    evals = [(train, "train")] + ([(validation, "validation")] if validation is not None else [])
    if early_stopping is not None and validation is None:
        raise algorithm.UserError("early_stopping_rounds requires a validation channel")
    try:
        booster = xgb.train(booster_params, train, num_boost_round=num_round, evals=evals,
                            early_stopping_rounds=early_stopping, callbacks=[make_printer(evals)], verbose_eval=False)
    except xgb.core.XGBoostError as error:
        raise algorithm.UserError(str(error).splitlines()[0])
    if early_stopping is not None and getattr(booster, "best_iteration", None) is not None:
        log("INFO:root:Stopped early: the best iteration is [{}]; {} rounds ran of {}".format(
            booster.best_iteration, booster.num_boosted_rounds() if hasattr(booster, "num_boosted_rounds") else "?", num_round))
    os.makedirs(MODEL_DIR, exist_ok=True)
    with open(os.path.join(MODEL_DIR, "xgboost-model"), "wb") as handle:
        pickle.dump(booster, handle)


if __name__ == "__main__":
    try:
        main()
    except algorithm.UserError as error:
        message = str(error)
        print("ERROR: ClientError: {}".format(message), file=sys.stderr, flush=True)
        os.makedirs(OUTPUT_DIR, exist_ok=True)
        with open(os.path.join(OUTPUT_DIR, "failure"), "w") as handle:
            handle.write("ClientError: {}".format(message))
        sys.exit(1)
