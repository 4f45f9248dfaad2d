"""Serves a model's Python program on $SAGEMAKER_BIND_TO_PORT (GET /ping, POST /invocations).

A program written for the SageMaker inference toolkit, as the SageMaker Python SDK's framework models (SKLearnModel,
PyTorchModel, estimator.deploy()) give it in SAGEMAKER_PROGRAM, defines handler functions and does not serve itself:
model_fn(model_dir), and input_fn(body, content_type), predict_fn(data, model), output_fn(prediction, accept) or
transform_fn(model, body, content_type, accept) in their place. Such a program is served here by the toolkit's
contract, with its default handlers for those it leaves out. Any other program serves itself: it runs as __main__.

Usage: serve.py PROGRAM"""
import ast
import io
import json
import os
import runpy
import sys
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "serving"))
import model_http  # noqa: E402

HANDLERS = ("model_fn", "input_fn", "predict_fn", "output_fn", "transform_fn")
MODEL_DIR = os.environ.get("SAGEMAKER_MODEL_DIR", "/opt/ml/model")
DEFAULT_ACCEPT = os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "application/json")


class UnsupportedType(Exception):
    """A content type or accept the handlers cannot decode or encode: HTTP 415."""


def defined_handlers(path):
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read(), filename=path)
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in HANDLERS}


def media_type(value):
    return (value or "").split(";")[0].strip().lower()


def default_input_fn(body, content_type):
    import numpy as np

    kind = media_type(content_type)
    if kind == "application/json":
        return np.array(json.loads(body))
    if kind == "text/csv":
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        return np.genfromtxt(io.StringIO(text), delimiter=",", ndmin=2)
    if kind == "application/x-npy":
        return np.load(io.BytesIO(body), allow_pickle=False)
    if kind == "application/x-npz":
        with np.load(io.BytesIO(body), allow_pickle=False) as archive:
            return archive[archive.files[0]]
    raise UnsupportedType("Content type {} is not supported by the default input_fn: text/csv, application/json, application/x-npy".format(content_type))


def default_predict_fn(data, model):
    return model.predict(data)


def default_output_fn(prediction, accept):
    import numpy as np

    kind = media_type(accept)
    array = np.asarray(prediction)
    if kind == "application/json":
        return json.dumps(array.tolist()), kind
    if kind == "text/csv":
        rows = array.reshape(array.shape[0], -1) if array.ndim > 0 else array.reshape(1, 1)
        return "\n".join(",".join(str(value) for value in row) for row in rows.tolist()), kind
    if kind == "application/x-npy":
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return buffer.getvalue(), kind
    raise UnsupportedType("Accept {} is not supported by the default output_fn: application/json, text/csv, application/x-npy".format(accept))


def serve_module(path):
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    module = __import__(name)
    if not hasattr(module, "model_fn"):
        raise SystemExit("{} defines no model_fn(model_dir): the inference toolkit needs it to load the model".format(path))
    model = module.model_fn(MODEL_DIR)
    transform_fn = getattr(module, "transform_fn", None)
    input_fn = getattr(module, "input_fn", default_input_fn)
    predict_fn = getattr(module, "predict_fn", default_predict_fn)
    output_fn = getattr(module, "output_fn", None)

    def invoke(body, content_type, accept):
        if transform_fn is not None:
            result = transform_fn(model, body, content_type, accept)
        else:
            prediction = predict_fn(input_fn(body, content_type), model)
            result = output_fn(prediction, accept) if output_fn is not None else default_output_fn(prediction, accept)
        payload, kind = result if isinstance(result, tuple) else (result, accept)
        return payload, kind

    def answer(body, content_type, accept):
        accept = DEFAULT_ACCEPT if accept in (None, "", "*/*") else accept
        try:
            payload, kind = invoke(body, content_type, accept)
            return 200, kind or accept, payload
        except UnsupportedType as error:
            return 415, "text/plain", str(error)
        except Exception as error:  # the model's own failure: its message, as the toolkit answers 500
            traceback.print_exc()
            return 500, "text/plain", "{}: {}".format(type(error).__name__, error)

    model_http.serve(answer, "inference toolkit server for {}".format(os.path.basename(path)))


def main():
    program = sys.argv[1]
    if defined_handlers(program):
        serve_module(program)
    else:
        # A program that serves itself, as it would run on its own.
        sys.argv = [program]
        sys.path[0] = os.path.dirname(os.path.abspath(program))
        runpy.run_path(program, run_name="__main__")


if __name__ == "__main__":
    main()
