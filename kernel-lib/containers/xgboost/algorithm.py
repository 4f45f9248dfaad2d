"""SageMaker's built-in XGBoost algorithm, its contract as documented and as its open-source container
(aws/sagemaker-xgboost-container, algorithm mode) behaves: hyperparameter names, defaults and validation
messages, content types, data layout. Shared by train.py and serve.py; needs only xgboost, numpy, scipy
and scikit-learn, which the image's environment holds."""
import ast
import os

import numpy as np

CSV = "text/csv"
LIBSVM = "text/libsvm"
REFUSED = {
    "application/x-parquet": "parquet",
    "application/x-recordio-protobuf": "recordio-protobuf",
    "application/x-recordio": "recordio",
}

MAXIMIZE_METRICS = ["accuracy", "auc", "aucpr", "balanced_accuracy", "f1", "f1_binary", "f1_macro", "map", "ndcg",
                    "precision", "r2", "recall", "precision_macro", "precision_micro", "recall_macro", "recall_micro"]
MINIMIZE_METRICS = ["aft-nloglik", "cox-nloglik", "error", "gamma-deviance", "gamma-nloglik",
                    "interval-regression-accuracy", "logloss", "mae", "mape", "merror", "mlogloss", "mphe", "mse",
                    "poisson-nloglik", "rmse", "rmsle", "tweedie-nloglik"]
OBJECTIVES = ["aft_loss_distribution", "binary:logistic", "binary:logitraw", "binary:hinge", "count:poisson",
              "multi:softmax", "multi:softprob", "rank:pairwise", "rank:ndcg", "rank:map", "reg:linear",
              "reg:squarederror", "reg:logistic", "reg:gamma", "reg:pseudohubererror", "reg:squaredlogerror",
              "reg:tweedie", "reg:absoluteerror", "reg:quantileerror", "survival:aft", "survival:cox"]


class UserError(Exception):
    """A problem with the job's input: SageMaker reports it as a ClientError."""


class Interval:
    def __init__(self, lo=None, hi=None, lo_open=False, hi_open=False):
        self.lo, self.hi, self.lo_open, self.hi_open = lo, hi, lo_open, hi_open

    def __contains__(self, value):
        if self.lo is not None and (value <= self.lo if self.lo_open else value < self.lo):
            return False
        if self.hi is not None and (value >= self.hi if self.hi_open else value > self.hi):
            return False
        return True

    def __str__(self):
        left = "(-inf" if self.lo is None else ("(" if self.lo_open else "[") + str(self.lo)
        right = "+inf)" if self.hi is None else str(self.hi) + (")" if self.hi_open else "]")
        return "{}, {}".format(left, right)


def _list(value):
    return value.split(",")


# name -> (parse, range or None); the container's hyperparameter_validation.py, CPU-relevant subset.
HYPERPARAMETERS = {
    "num_round": (int, Interval(1)),
    "csv_weights": (int, Interval(0, 1)),
    "early_stopping_rounds": (int, Interval(1)),
    "booster": (str, ["gbtree", "gblinear", "dart"]),
    "verbosity": (int, Interval(0, 3)),
    "silent": (int, Interval(0, 1)),
    "nthread": (int, Interval(1)),
    "eta": (float, Interval(0, 1)),
    "gamma": (float, Interval(0)),
    "max_depth": (int, Interval(0)),
    "min_child_weight": (float, Interval(0)),
    "max_delta_step": (float, Interval(0)),
    "subsample": (float, Interval(0, 1, lo_open=True)),
    "colsample_bytree": (float, Interval(0, 1, lo_open=True)),
    "colsample_bylevel": (float, Interval(0, 1, lo_open=True)),
    "colsample_bynode": (float, Interval(0, 1, lo_open=True)),
    "lambda": (float, Interval(0)),
    "alpha": (float, Interval(0)),
    "tree_method": (str, ["auto", "exact", "approx", "hist", "gpu_hist"]),
    "sketch_eps": (float, Interval(0, 1, True, True)),
    "scale_pos_weight": (float, Interval(0, lo_open=True)),
    "updater": (str, None),
    "dsplit": (str, ["row", "col"]),
    "refresh_leaf": (int, Interval(0, 1)),
    "process_type": (str, ["default", "update"]),
    "grow_policy": (str, ["depthwise", "lossguide"]),
    "max_leaves": (int, Interval(0)),
    "max_bin": (int, Interval(0)),
    "predictor": (str, ["auto", "cpu_predictor", "gpu_predictor"]),
    "monotone_constraints": (str, None),
    "interaction_constraints": (str, None),
    "sample_type": (str, ["uniform", "weighted"]),
    "normalize_type": (str, ["tree", "forest"]),
    "rate_drop": (float, Interval(0, 1)),
    "one_drop": (int, Interval(0, 1)),
    "skip_drop": (float, Interval(0, 1)),
    "lambda_bias": (float, Interval(0, 1)),
    "tweedie_variance_power": (float, Interval(1, 2, True, True)),
    "objective": (str, OBJECTIVES),
    "num_class": (int, Interval(2)),
    "base_score": (float, Interval(0)),
    "_kfold": (int, Interval(2)),
    "_num_cv_round": (int, Interval(1)),
    "_tuning_objective_metric": (str, None),
    "eval_metric": (_list, None),
    "seed": (int, Interval(-(2 ** 31), 2 ** 31 - 1, True, True)),
    "num_parallel_tree": (int, Interval(1)),
    "save_model_on_termination": (str, ["true", "false"]),
    "aft_loss_distribution": (str, ["normal", "logistic", "extreme"]),
    "aft_loss_distribution_scale": (float, Interval(0, lo_open=True)),
    "deterministic_histogram": (str, ["true", "false"]),
    "sampling_method": (str, ["uniform", "gradient_based"]),
    "prob_buffer_row": (float, Interval(1.0, lo_open=True)),
    "max_cat_to_onehot": (int, Interval(1)),
    "multi_strategy": (str, ["one_output_per_tree", "multi_output_tree"]),
    "use_dask_gpu_training": (str, ["true", "false"]),
    "kfold": (int, Interval(2)),
}

# Not passed to xgboost.train as parameters: the algorithm's own.
ALGORITHM_ONLY = {"num_round", "csv_weights", "early_stopping_rounds", "save_model_on_termination", "_kfold",
                  "_num_cv_round", "_tuning_objective_metric", "use_dask_gpu_training", "kfold"}


def validate(user):
    """Hyperparameters as strings -> typed values, with the container's messages."""
    if "num_round" not in user:
        raise UserError("Missing required hyperparameter: num_round")
    typed = {}
    for name, value in user.items():
        if name not in HYPERPARAMETERS:
            raise UserError("Extraneous hyperparameter found: {}".format(name))
        parse, allowed = HYPERPARAMETERS[name]
        try:
            typed[name] = parse(value)
        except ValueError:
            raise UserError("Hyperparameter {}: could not parse value".format(name))
        if allowed is not None and typed[name] not in allowed:
            raise UserError("Hyperparameter {}: {} is not in {}".format(name, typed[name], allowed))
    objective = typed.get("objective")
    if objective in ("multi:softmax", "multi:softprob") and "num_class" not in typed:
        raise UserError("Require input for parameter 'num_class' for multi-classification")
    for metric in typed.get("eval_metric", []):
        base = metric.split("@")[0].strip()
        if base not in MAXIMIZE_METRICS + MINIMIZE_METRICS:
            raise UserError("Hyperparameter eval_metric: value {} not in range {}".format(
                typed["eval_metric"], MAXIMIZE_METRICS + MINIMIZE_METRICS))
        if base == "auc" and not (objective or "").startswith(("binary:", "rank:")):
            raise UserError("Metric 'auc' can only be applied for classification and ranking problems.")
    if "monotone_constraints" in typed:
        typed["monotone_constraints"] = "(" + ",".join(str(v) for v in ast.literal_eval(typed["monotone_constraints"])) + ")"
    return typed


def content_type_of(content_type):
    """The channel's ContentType; the algorithm reads libsvm when none is given."""
    value = (content_type or LIBSVM).lower().split(";")[0].strip()
    if value in ("text/csv", "csv"):
        return CSV
    if value in ("text/libsvm", "text/x-libsvm", "libsvm"):
        return LIBSVM
    if value in REFUSED:
        raise UserError(
            "Content type {} ({}) is not supported by the built-in XGBoost algorithm on this machine: give the channel "
            "text/csv (label in the first column, no header) or text/libsvm data".format(value, REFUSED[value]))
    raise UserError("Content-type {} not supported. Supported content-type is text/csv, text/libsvm".format(value))


def data_files(path):
    """Every non-hidden file under a channel's folder, in name order."""
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, name) for name in sorted(files) if not name.startswith("."))
    return found


def parse_csv_text(text, with_label, csv_weights=0):
    """CSV rows (no header) -> (features, label, weights); label first, the weight second when csv_weights is 1."""
    if text.strip() == "":
        return None, None, None
    import io

    import pandas as pd

    # pandas parses in C (empty cells become NaN, XGBoost's missing value); a matrix of floats either way.
    matrix = pd.read_csv(io.StringIO(text), header=None, dtype=np.float64, skip_blank_lines=True).to_numpy()
    if not with_label:
        return matrix, None, None
    label = matrix[:, 0]
    if csv_weights == 1:
        return matrix[:, 2:], label, matrix[:, 1]
    return matrix[:, 1:], label, None


def parse_libsvm_text(text, n_features=None):
    """libsvm rows -> (sparse features, label); feature indices are kept as given, as XGBoost reads them."""
    from io import BytesIO

    from sklearn.datasets import load_svmlight_file

    # Inference requests may leave out the label: a placeholder keeps the libsvm layout.
    lines = [line if ":" not in line.split(None, 1)[0] else "0 " + line for line in text.splitlines() if line.strip() != ""]
    features, label = load_svmlight_file(BytesIO("\n".join(lines).encode()), zero_based=True, n_features=n_features)
    return features, label
