"""Executes a notebook headless with nbclient, the way CI runs user notebooks.

Usage: execute_notebook.py NOTEBOOK KERNEL_NAME OUTPUT
Writes the executed notebook to OUTPUT; exits non-zero (with the cell's error) when a cell fails.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    notebook_path, kernel_name, output_path = sys.argv[1:4]
    notebook = nbformat.read(notebook_path, as_version=4)
    working_dir = notebook_path.rsplit("/", 1)[0] or "."
    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=300,
        startup_timeout=120,
        resources={"metadata": {"path": working_dir}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        nbformat.write(notebook, output_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
