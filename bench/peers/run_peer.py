"""Runs DAG shapes on one peer workflow system, each step spawning `node -e 0`, 2 at a time where the system can.

    python run_peer.py SYSTEM WORKDIR NODE SHAPE...
SYSTEM: doit | luigi | dagster | snakemake | prefect; SHAPE: chain-N (N steps, each after the one before) or
fan-N (Start, then N steps after it, then End after all of them). A warm-up run of one step comes first (imports,
Prefect's server); then each shape is run and timed in this process, and printed as a JSON line {shape, ms}.
"""

import json
import os
import subprocess
import sys
import time

SYSTEM, BASEDIR, NODE = sys.argv[1:4]
SHAPES = sys.argv[4:]
COMMAND = [NODE, "-e", "0"]
PARALLELISM = 2
GRAPH = {}
LAST = ""
WORKDIR = ""


def graph(shape):
    """Step name -> the names it runs after, in an order where each step comes after its dependencies."""
    kind, count = shape.split("-")
    count = int(count)
    if kind == "chain":
        return {f"S{i}": [f"S{i - 1}"] if i > 0 else [] for i in range(count)}
    middle = {f"F{i}": ["Start"] for i in range(count)}
    return {"Start": [], **middle, "End": list(middle)}


def spawn():
    subprocess.run(COMMAND, check=True)


def run_doit():
    from doit.cmd_base import ModuleTaskLoader
    from doit.doit_cmd import DoitMain

    def task(deps):
        return lambda: {"actions": [COMMAND], "task_dep": deps, "verbosity": 0}

    tasks = {f"task_{name}": task(deps) for name, deps in GRAPH.items()}
    return DoitMain(ModuleTaskLoader(tasks)).run(["-n", str(PARALLELISM), "--db-file", os.path.join(WORKDIR, "doit.db"), LAST]) == 0


LUIGI_STEP = []


def run_luigi():
    import luigi

    if LUIGI_STEP:
        return luigi.build([LUIGI_STEP[0](name=LAST)], local_scheduler=True, workers=PARALLELISM, log_level="WARNING")

    class Step(luigi.Task):
        name = luigi.Parameter()

        def requires(self):
            return [Step(name=dep) for dep in GRAPH[self.name]]

        def output(self):
            return luigi.LocalTarget(os.path.join(WORKDIR, "luigi", self.name))

        def run(self):
            spawn()
            with self.output().open("w"):
                pass

    LUIGI_STEP.append(Step)
    return luigi.build([Step(name=LAST)], local_scheduler=True, workers=PARALLELISM, log_level="WARNING")


def run_dagster():
    from dagster import DagsterInstance, DependencyDefinition, GraphDefinition, In, MultiDependencyDefinition, NodeInvocation, Nothing, op

    @op(ins={"after": In(Nothing)})
    def step():
        spawn()

    dependencies = {
        NodeInvocation("step", alias=name): {"after": MultiDependencyDefinition([DependencyDefinition(dep) for dep in deps])} if deps else {}
        for name, deps in GRAPH.items()
    }
    job = GraphDefinition(name="bench", node_defs=[step], dependencies=dependencies).to_job()
    # The in-process executor runs one op at a time; the multiprocess one starts a Python per op.
    return job.execute_in_process(instance=DagsterInstance.ephemeral()).success


# Snakemake runs a `run:` rule in a new Python process per job; a `shell:` rule (bash, its usual way) is the cheaper.
SNAKEFILE = """
import json
GRAPH = json.load(open(config["graph"]))

rule all:
    input: "out/" + list(GRAPH)[-1]

rule step:
    output: "out/{name}"
    input: lambda wildcards: ["out/" + dep for dep in GRAPH[wildcards.name]]
    shell: config["command"] + " && : > {output}"
"""


def run_snakemake():
    with open(os.path.join(WORKDIR, "Snakefile"), "w") as file:
        file.write(SNAKEFILE)
    with open(os.path.join(WORKDIR, "graph.json"), "w") as file:
        json.dump(GRAPH, file)
    snakemake = os.path.join(os.path.dirname(sys.executable), "snakemake")
    command = [snakemake, "--quiet", "all", "--scheduler", "greedy", "--cores", str(PARALLELISM), "--directory", WORKDIR, "--snakefile", os.path.join(WORKDIR, "Snakefile")]
    command += ["--config", "graph=" + os.path.join(WORKDIR, "graph.json"), "command=" + " ".join(COMMAND)]
    return subprocess.run(command).returncode == 0


def run_prefect():
    from prefect import flow, task
    from prefect.task_runners import ThreadPoolTaskRunner

    @task
    def step():
        spawn()

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=PARALLELISM))
    def bench():
        futures = {}
        for name, deps in GRAPH.items():
            futures[name] = step.with_options(name=name).submit(wait_for=[futures[dep] for dep in deps])
        futures[LAST].result()

    bench()
    return True


RUN = {"doit": run_doit, "luigi": run_luigi, "dagster": run_dagster, "snakemake": run_snakemake, "prefect": run_prefect}[SYSTEM]
for index, shape in enumerate(["chain-1", *SHAPES]):
    GRAPH = graph(shape)
    LAST = list(GRAPH)[-1]
    WORKDIR = os.path.join(BASEDIR, f"{index}-{shape}")
    os.makedirs(WORKDIR)
    started = time.perf_counter()
    if not RUN():
        sys.exit(f"{SYSTEM}: {shape} failed")
    elapsed = (time.perf_counter() - started) * 1000
    if index > 0:
        print(json.dumps({"shape": shape, "ms": elapsed}), flush=True)
