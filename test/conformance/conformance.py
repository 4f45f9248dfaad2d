"""Calls the local service through boto3, one request per stdin line, and checks each raw response against the
service model shipped in botocore: required members, types, enums, patterns, lengths, ranges, unknown members,
timestamps and the request id header. Writes one JSON result per line.

Input line: {"service": "sagemaker", "operation": "DescribePipeline", "params": {...}}
Output line: {"operation": ..., "error": code or null, "message": ..., "violations": [...], "response": parsed}

Usage: conformance.py ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY REGION
"""
import base64
import datetime
import json
import re
import sys

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, key_id, secret, region = sys.argv[1:5]
session = boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret, region_name=region)
# Errors are results here, not something to retry.
config = Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"})
clients = {}
captured = {}


def capture(response_dict=None, **_):
    captured["status"] = response_dict["status_code"]
    captured["headers"] = dict(response_dict["headers"])
    captured["body"] = response_dict["body"]


def client_for(service):
    if service not in clients:
        client = session.client(service, endpoint_url=endpoint, config=config)
        # The raw bytes, before botocore's parser drops what the model does not know.
        client.meta.events.register("before-parse", capture)
        clients[service] = client
    return clients[service]


def compiled(pattern):
    try:
        return re.compile(pattern, re.DOTALL)
    except re.error:
        return None  # Java-only syntax (\p{...}); not checked


def check(shape, value, path, problems, protocol):
    if value is None:
        problems.append(f"{path}: null (the model has no null; leave the member out)")
        return
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object, got {type(value).__name__}")
            return
        for name in shape.required_members:
            if name not in value:
                problems.append(f"{path}.{name}: required but missing")
        for name, member in value.items():
            if name not in shape.members:
                # botocore's XML and query parsers drop what the model lacks, so only raw JSON shows it.
                if protocol == "json":
                    problems.append(f"{path}.{name}: not a member of {shape.name}")
                continue
            check(shape.members[name], member, f"{path}.{name}", problems, protocol)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {type(value).__name__}")
            return
        if "min" in meta and len(value) < meta["min"]:
            problems.append(f"{path}: {len(value)} items, the minimum is {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} items, the maximum is {meta['max']}")
        for i, item in enumerate(value):
            check(shape.member, item, f"{path}[{i}]", problems, protocol)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {type(value).__name__}")
            return
        for k, v in value.items():
            check(shape.key, k, f"{path}<key {k}>", problems, protocol)
            check(shape.value, v, f"{path}[{k}]", problems, protocol)
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {type(value).__name__} {value!r}")
            return
        if shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {shape.name}'s values")
        if "min" in meta and len(value) < meta["min"]:
            problems.append(f"{path}: length {len(value)} < {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: length {len(value)} > {meta['max']}")
        if "pattern" in meta:
            pattern = compiled(meta["pattern"])
            if pattern is not None and not pattern.fullmatch(value) and not (meta["pattern"].startswith("^") and pattern.match(value)):
                problems.append(f"{path}: {value!r} does not match {meta['pattern']}")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{path}: expected an integer, got {value!r}")
            return
        if "min" in meta and value < meta["min"]:
            problems.append(f"{path}: {value} < {meta['min']}")
        if "max" in meta and value > meta["max"]:
            problems.append(f"{path}: {value} > {meta['max']}")
    elif kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(f"{path}: expected a number, got {value!r}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean, got {value!r}")
    elif kind == "timestamp" and isinstance(value, datetime.datetime):
        pass  # parsed by botocore from XML or a header: readable by construction
    elif kind == "blob" and not isinstance(value, str):
        pass  # bytes or a stream, parsed by botocore
    elif kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            problems.append(f"{path}: expected a timestamp, got {value!r}")
        elif isinstance(value, str):
            try:
                datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                problems.append(f"{path}: unreadable timestamp {value!r}")
        elif not 946684800 <= value <= 4102444800:
            problems.append(f"{path}: timestamp {value} is not between 2000 and 2100 in epoch seconds")
    elif kind == "blob":
        try:
            base64.b64decode(value, validate=True)
        except Exception:
            problems.append(f"{path}: not base64")


def call(request):
    service = request.get("service", "sagemaker")
    client = client_for(service)
    model = client.meta.service_model
    operation = model.operation_model(request["operation"])
    captured.clear()
    result = {"operation": request["operation"], "error": None, "violations": []}
    method = getattr(client, xform_name(request["operation"]))
    parsed = None
    try:
        parsed = method(**request.get("params", {}))
        if not parsed.get("ResponseMetadata", {}).get("RequestId"):
            result["violations"].append("no request id (ResponseMetadata.RequestId is empty)")
        parsed.pop("ResponseMetadata", None)
        body = parsed.pop("Body", None)
        if body is not None:
            parsed["Body"] = body.read().decode("utf-8", "replace")
        result["response"] = parsed
    except ClientError as error:
        result["error"] = error.response["Error"].get("Code")
        result["message"] = error.response["Error"].get("Message")
        result["status"] = error.response["ResponseMetadata"].get("HTTPStatusCode")
    headers = {k.lower(): v for k, v in captured.get("headers", {}).items()}
    protocol = model.protocol
    if protocol == "json" and "x-amzn-requestid" not in headers:
        result["violations"].append("no x-amzn-RequestId header")
    if result["error"] is None and protocol == "json" and operation.output_shape is not None:
        raw = captured.get("body") or b"{}"
        try:
            document = json.loads(raw)
        except ValueError:
            result["violations"].append(f"body is not JSON: {raw[:200]!r}")
        else:
            check(operation.output_shape, document, request["operation"], result["violations"], protocol)
    elif result["error"] is None and operation.output_shape is not None and parsed is not None:
        # XML (S3) and query (STS): what botocore parsed, against the same model.
        body = {k: v for k, v in parsed.items() if k != "Body"}
        check(operation.output_shape, body, request["operation"], result["violations"], protocol)
    return result


def self_test():
    """The checker on documents with known faults, so that a checker that finds nothing cannot pass unnoticed."""
    model = session.client("sagemaker", endpoint_url=endpoint, config=config).meta.service_model
    shape = model.operation_model("DescribeTrainingJob").output_shape
    problems = []
    check(shape, {"TrainingJobName": "bad_name", "TrainingJobStatus": "Running", "BatchStrategy": None, "InputDataConfig": [], "CreationTime": "yesterday"}, "DescribeTrainingJob", problems, "json")
    print(json.dumps(problems))


def input_enums(operations):
    """The top-level enum members of each operation's input, for operations that need no other input."""
    model = session.client("sagemaker", endpoint_url=endpoint, config=config).meta.service_model
    found = []
    for name in operations:
        shape = model.operation_model(name).input_shape
        if shape is None or shape.required_members:
            continue
        found.extend([name, member] for member, value in shape.members.items() if getattr(value, "enum", None))
    print(json.dumps(found))


if len(sys.argv) > 5 and sys.argv[5] == "--self-test":
    self_test()
    sys.exit(0)
if len(sys.argv) > 5 and sys.argv[5] == "--input-enums":
    input_enums(sys.argv[6:])
    sys.exit(0)

for line in sys.stdin:
    if not line.strip():
        continue
    try:
        out = call(json.loads(line))
    except Exception as error:  # a bad case is a result too, so one mistake does not end the run
        out = {"operation": json.loads(line).get("operation"), "error": "ClientSide", "message": f"{type(error).__name__}: {error}", "violations": []}
    sys.stdout.write(json.dumps(out, default=str) + "\n")
    sys.stdout.flush()
