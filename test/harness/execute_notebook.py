"""Executes a notebook headless with nbclient, the way CI runs user notebooks.

Usage: execute_notebook.py NOTEBOOK KERNEL_NAME OUTPUT
Writes the executed notebook to OUTPUT; exits non-zero (with the cell's error) when a cell fails.
"""
import os
import sys

import nbformat
from nbclient.exceptions import CellExecutionError

# The kernel is started as notebook jobs start theirs: again on new ports when it loses one before binding it.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "kernel-lib", "containers", "notebook-job"))
from run_notebook import started  # noqa: E402


def main() -> int:
    notebook_path, kernel_name, output_path = sys.argv[1:4]
    notebook = nbformat.read(notebook_path, as_version=4)
    working_dir = notebook_path.rsplit("/", 1)[0] or "."
    try:
        started(notebook, kernel_name, working_dir, cell_timeout=300).execute()
    except CellExecutionError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        nbformat.write(notebook, output_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
