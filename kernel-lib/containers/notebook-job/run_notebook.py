"""Runs a notebook job on this machine: the local stand-in for SageMaker's `amazon_sagemaker_scheduler`.

It reads what SageMaker's NotebookJobStep writes into the training job: the notebook in the input channel
(SM_EXECUTION_INPUT_PATH / SM_INPUT_NOTEBOOK_NAME), the kernel (SM_KERNEL_NAME) and the parameters
(hyperparameters.json). The parameters go into a new cell after the cell tagged `parameters` (papermill's
convention: the new cell is tagged `injected-parameters`), the notebook runs headless with nbclient in the
notebook's folder, and the executed notebook is written to /opt/ml/output/data/SM_OUTPUT_NOTEBOOK_NAME, with
whatever the notebook saved there (SM_OUTPUT_DATA_DIR): the job packs that folder as output.tar.gz. A failed cell's
error goes to /opt/ml/output/failure, which becomes the step's FailureReason.
"""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient

ML = "/opt/ml"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
# A kernel answers within seconds; one that has not in a minute is started again, three times in all.
STARTUP_SECONDS = 60
KERNEL_STARTS = 3


def literal(value):
    """A hyperparameter as papermill's `-p` reads it: numbers and booleans as such, anything else a string."""
    if value in ("true", "True"):
        return True
    if value in ("false", "False"):
        return False
    try:
        number = json.loads(value)
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            return number
    except ValueError:
        pass
    return value


def assignment(language, name, value):
    if language in ("typescript", "javascript"):
        # tslab lets a later cell declare the same const again: the injected value wins, as in papermill.
        return f"const {name} = {json.dumps(value)};"
    if isinstance(value, bool):
        return f"{name} = {'True' if value else 'False'}"
    return f"{name} = {json.dumps(value) if isinstance(value, str) else repr(value)}"


def inject(notebook, language, parameters):
    if not parameters:
        return
    lines = ["# Parameters" if language not in ("typescript", "javascript") else "// Parameters"]
    lines += [assignment(language, name, literal(value)) for name, value in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    tagged = [i for i, c in enumerate(notebook.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    # Without a `parameters` cell, papermill puts the injected cell first.
    notebook.cells.insert(tagged[0] + 1 if tagged else 0, cell)


def failure_of(notebook, error):
    """`ename: evalue` and the cell that raised it, from the executed notebook."""
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                source = cell.source if len(cell.source) <= 300 else cell.source[:300] + "…"
                return f"{output.get('ename')}: {output.get('evalue')} (in cell {index + 1}: {source})"
    return f"{type(error).__name__}: {str(error).strip().splitlines()[-1] if str(error).strip() else ''}"


def started(notebook, kernel, working_dir, cell_timeout=None):
    """A client for the notebook whose kernel runs and has answered. Jupyter chooses the kernel's ports before the
    kernel binds them, and another process can take one meanwhile: the kernel then exits (ipykernel, and tslab
    through the project's launcher) or never answers, and is started again on new ports. The tests' notebook runner
    (test/harness/execute_notebook.py) starts its kernels here too."""
    for attempt in range(1, KERNEL_STARTS + 1):
        client = NotebookClient(
            notebook,
            kernel_name=kernel,
            timeout=cell_timeout,
            startup_timeout=STARTUP_SECONDS,
            resources={"metadata": {"path": working_dir}},
        )
        client.km = client.create_kernel_manager()
        try:
            client.start_new_kernel()
            client.start_new_kernel_client()
            return client
        except RuntimeError as error:  # "Kernel died before replying to kernel_info", "Kernel didn't respond in …"
            if attempt == KERNEL_STARTS:
                raise
            print(f"the {kernel} kernel did not start ({error}): starting it again", flush=True)


def main():
    input_dir = os.environ.get("SM_EXECUTION_INPUT_PATH", f"{ML}/input/data/sagemaker_headless_execution_pipelinestep")
    input_name = os.environ["SM_INPUT_NOTEBOOK_NAME"]
    output_name = os.environ.get("SM_OUTPUT_NOTEBOOK_NAME", input_name)
    kernel = os.environ["SM_KERNEL_NAME"]
    # The SM_* folders, not /opt/ml itself: where the host has no private /opt/ml they name the job's own folder.
    output_dir = os.environ.get("SM_OUTPUT_DATA_DIR", f"{ML}/output/data")
    failure_file = os.path.join(os.environ.get("SM_OUTPUT_DIR", f"{ML}/output"), "failure")
    with open(os.path.join(os.environ.get("SM_INPUT_CONFIG_DIR", f"{ML}/input/config"), "hyperparameters.json"), encoding="utf-8") as file:
        parameters = json.load(file)

    notebook = nbformat.read(os.path.join(input_dir, input_name), as_version=4)
    language = notebook.metadata.get("kernelspec", {}).get("language") or ("typescript" if kernel == "tslab" else "python")
    inject(notebook, language, parameters)
    os.makedirs(output_dir, exist_ok=True)
    print(f"running {input_name} with kernel {kernel}; parameters: {json.dumps(parameters)}", flush=True)
    try:
        started(notebook, kernel, input_dir).execute()
    except Exception as error:  # a failed cell, a dead kernel, a kernel that is not installed: the step's reason
        with open(failure_file, "w", encoding="utf-8") as file:
            file.write(failure_of(notebook, error))
        print(error, file=sys.stderr)
        return 1
    finally:
        nbformat.write(notebook, os.path.join(output_dir, output_name))
    print(f"wrote {output_name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
