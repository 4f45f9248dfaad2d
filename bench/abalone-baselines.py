"""The baselines beside the abalone template's model (issue #19), run by bench/select-abalone-model.mjs.

Reads a JSON list of held-out splits ({"seed", "train", "test"}: paths of the preprocessed CSV files the template's
model also reads, label first, no header), fits each model on the train file and scores it on the test file.
Writes {"versions": {...}, "models": [{"name", "mse": [...], "fitSeconds": [...]}]} to stdout.
Each model gets one thread (OMP_NUM_THREADS=1 is set by the caller; n_jobs=1 here), as ours has one.
"""

import json
import sys
import time

import numpy as np
import sklearn
import xgboost
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error

# The seed's TrainAbaloneModel (SageMaker's XGBoost 1.0-1 image): objective reg:linear (now reg:squarederror),
# num_round=50, max_depth=5, eta=0.2, gamma=4, min_child_weight=6, subsample=0.7. XGBoost 1.0's tree_method "auto"
# picks "exact" for data this small; 2.0 and later default to "hist", so it is named here.
SEED_XGBOOST = {
    "objective": "reg:squarederror",
    "max_depth": 5,
    "eta": 0.2,
    "gamma": 4,
    "min_child_weight": 6,
    "subsample": 0.7,
    "tree_method": "exact",
    "seed": 0,
    "nthread": 1,
}
SEED_ROUNDS = 50


def fit_xgboost(x, y):
    booster = xgboost.train(SEED_XGBOOST, xgboost.DMatrix(x, label=y), num_boost_round=SEED_ROUNDS)
    return lambda rows: booster.predict(xgboost.DMatrix(rows))


def sklearn_model(estimator):
    def fit(x, y):
        return estimator.fit(x, y).predict

    return fit


MODELS = [
    (f"least squares (scikit-learn {sklearn.__version__})", sklearn_model(LinearRegression())),
    ("random forest, 100 trees (scikit-learn defaults)", sklearn_model(RandomForestRegressor(n_estimators=100, random_state=0, n_jobs=1))),
    ("HistGradientBoostingRegressor (defaults)", sklearn_model(HistGradientBoostingRegressor(random_state=0))),
    (f"XGBoost {xgboost.__version__}, the seed's hyperparameters", fit_xgboost),
]


def read(path):
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    return data[:, 1:], data[:, 0]


def main():
    splits = json.load(open(sys.argv[1]))
    results = {name: {"name": name, "mse": [], "fitSeconds": []} for name, _ in MODELS}
    for split in splits:
        x, y = read(split["train"])
        test_x, test_y = read(split["test"])
        for name, fit in MODELS:
            started = time.perf_counter()
            predict = fit(x, y)
            results[name]["fitSeconds"].append(time.perf_counter() - started)
            results[name]["mse"].append(float(mean_squared_error(test_y, predict(test_x))))
    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "scikit-learn": sklearn.__version__, "xgboost": xgboost.__version__}
    json.dump({"versions": versions, "models": list(results.values())}, sys.stdout)


if __name__ == "__main__":
    main()
