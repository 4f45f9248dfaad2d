"""Writes kernel-lib/models/sagemaker-input-enums.json from botocore's SageMaker service model (the test venv's):
for each operation, the path of every input member whose shape is an enum, and each enum's values once. The
service validates requests with it, as SageMaker does. Run: .venv-test/bin/python scripts/sagemaker-input-enums.py
"""
import json
import os
import sys

import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "kernel-lib", "models", "sagemaker-input-enums.json")

model = botocore.session.get_session().get_service_model("sagemaker")
enums = {}


def paths(shape, prefix, seen):
    """Member paths below `shape`: `A.B` for structures, `A[]` for list items, `A{}` for map values."""
    if shape.name in seen:
        return
    if shape.type_name == "string" and shape.enum:
        enums[shape.name] = list(shape.enum)
        yield prefix, shape.name
    elif shape.type_name == "structure":
        for name, member in shape.members.items():
            yield from paths(member, f"{prefix}.{name}" if prefix else name, seen | {shape.name})
    elif shape.type_name == "list":
        yield from paths(shape.member, f"{prefix}[]", seen | {shape.name})
    elif shape.type_name == "map":
        yield from paths(shape.value, f"{prefix}{{}}", seen | {shape.name})


operations = {}
for name in sorted(model.operation_names):
    shape = model.operation_model(name).input_shape
    if shape is None:
        continue
    found = dict(paths(shape, "", frozenset()))
    if found:
        operations[name] = found

with open(OUTPUT, "w", encoding="utf-8") as out:
    json.dump({"source": f"botocore {botocore.__version__} sagemaker {model.api_version}", "enums": dict(sorted(enums.items())), "operations": operations}, out, separators=(",", ":"))
    out.write("\n")
print(f"{len(operations)} operations, {len(enums)} enums, {os.path.getsize(OUTPUT)} bytes", file=sys.stderr)
