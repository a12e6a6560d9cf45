"""The `jobmon` command-line tool's server calls (jobmon.client.status_commands), made by the real
client against jobmond after client_workflow.py ran its workflow to DONE.

The workflow: first -> (second, third, flaky) ; (second, third) -> last; flaky failed once and
succeeded on its retry. Raises AssertionError naming the first check that fails.
"""
import getpass
import importlib.util
import os

from jobmon.client import status_commands as cli

# The 3.6 client (its command modules are jobmon.client.commands; status_commands re-exports them).
CLIENT_36 = importlib.util.find_spec("jobmon.client.commands") is not None


def check(condition, what):
    if not condition:
        raise AssertionError(f"CLI check failed: {what}")


def check_cli(workflow, tasks, template_version_ids):
    wf = workflow.workflow_id
    prefix = os.environ.get("JOBMON__HTTP__ROUTE_PREFIX", "")
    ids = {name: task.task_id for name, task in tasks.items()}

    # jobmon workflow_status: one row, every task DONE, the flaky task's retry counted.
    df = cli.workflow_status(workflow_id=[wf])
    check(len(df) == 1 and int(df["WF_ID"][0]) == wf, f"workflow_status rows: {df}")
    check(int(df["TASKS"][0]) == 5, f"workflow_status TASKS: {df}")
    check(df["DONE"][0] == "5 (100.0%)" and df["PENDING"][0] == "0 (0.0%)", f"DONE: {df}")
    check(int(df["RETRIES"][0]) == 1, f"RETRIES: {df}")
    check(df["WF_STATUS"][0] == "DONE", f"WF_STATUS: {df}")
    check(df["CREATED_DATE"][0].year >= 2020, f"CREATED_DATE: {df}")
    by_user = cli.workflow_status(user=[getpass.getuser()], limit=100)
    check(wf in [int(x) for x in by_user["WF_ID"]], f"workflow_status by user: {by_user}")

    # jobmon workflow_tasks
    df = cli.workflow_tasks(wf, limit=10)
    check(sorted(int(x) for x in df["TASK_ID"]) == sorted(ids.values()), f"workflow_tasks: {df}")
    check(set(df["STATUS"]) == {"DONE"}, f"workflow_tasks STATUS: {df}")
    check(len(cli.workflow_tasks(wf, status=["fatal"], limit=10)) == 0, "no FATAL tasks")
    check(len(cli.workflow_tasks(wf, status=["done"], limit=2)) == 2, "limit 2")

    # jobmon task_status: the flaky task has two instances, the first with its error.
    df = cli.task_status([ids["flaky"]])
    check(len(df) == 2, f"task_status rows: {df}")
    statuses = list(df["STATUS"])
    check(statuses == ["ERROR", "DONE"], f"task_status STATUS: {statuses}")
    check(df["ERROR_TRACE"][0] is not None, f"task_status ERROR_TRACE: {df}")
    check(len(cli.task_status([ids["flaky"]], status=["done"])) == 1, "task_status DONE only")

    # jobmon task_dependencies and the sub-DAG walk
    deps = cli.get_task_dependencies(ids["first"])
    check(deps["up"] == [], f"first has no upstream: {deps}")
    down = sorted(d[0]["id"] for d in deps["down"])
    check(down == sorted([ids["second"], ids["third"], ids["flaky"]]), f"downstream: {deps}")
    tree = cli.get_sub_task_tree([ids["second"]])
    check(sorted(int(k) for k in tree) == sorted([ids["second"], ids["last"]]), f"subdag: {tree}")

    # jobmon get_filepaths
    paths = cli.get_filepaths(wf, array_name="e2e_echo", limit=10)
    check(len(paths) == 4 and all(p["ARRAY_NAME"] == "e2e_echo" for p in paths), f"{paths}")

    # jobmon task_template_resources and create_resource_yaml (v2: the route the CLI uses).
    if prefix.endswith("/v2"):
        # (The client refuses version 1, reserved for its bash tasks: use the flaky template's.)
        usage = cli.task_template_resources(template_version_ids["e2e_flaky"], ci=0.95)
        check(usage is not None and usage["num_tasks"] == 1, f"task_template_resources: {usage}")
        yaml = cli.create_resource_yaml(wf, None, "avg", "avg", "avg", ["sequential"])
        check("e2e_flaky:" in yaml and 'queue: "null.q"' in yaml, f"resource yaml: {yaml}")
    elif CLIENT_36:
        # The 3.6 client reads v3's statistics (`formatted_stats`; `ci` sent as a string). The
        # sequential distributor reports no usage, so only the answer's shape is checked here.
        usage = cli.task_template_resources(template_version_ids["e2e_flaky"], ci=0.95)
        keys = {"num_tasks", "min_mem", "max_mem", "mean_mem", "min_runtime", "max_runtime",
                "mean_runtime", "median_mem", "median_runtime", "ci_mem", "ci_runtime"}
        check(isinstance(usage, dict) and keys <= set(usage)
              and isinstance(usage["num_tasks"], int), f"task_template_resources: {usage}")
    # jobmon update_task_status: rerun `last` (G), which fails the DONE workflow, then mark it
    # done again.
    cli.update_task_status([ids["last"]], wf, "G")
    df = cli.workflow_tasks(wf, limit=10)
    status_of = {int(t): s for t, s in zip(df["TASK_ID"], df["STATUS"])}
    check(status_of[ids["last"]] == "PENDING", f"last rerun: {status_of}")
    check(cli.workflow_status(workflow_id=[wf])["WF_STATUS"][0] == "FAILED", "workflow FAILED")
    cli.update_task_status([ids["last"]], wf, "D")
    df = cli.workflow_tasks(wf, limit=10)
    check(set(df["STATUS"]) == {"DONE"}, f"last done again: {df}")
    # Recursive, forced: `first` and everything downstream back to G.
    cli.update_task_status([ids["first"]], wf, "G", force=True, recursive=True)
    df = cli.workflow_tasks(wf, limit=10)
    check(set(df["STATUS"]) == {"PENDING"}, f"recursive rerun: {df}")

    # jobmon workflow_reset: refused, the workflow's run ended DONE, not in error.
    message = cli.workflow_reset(wf)
    check("has not been reset" in message, f"workflow_reset: {message}")

    print("client CLI: OK")


def build_chain(tool, args):
    """first -> broken (fails, one attempt) -> after."""
    template = tool.get_task_template(
        template_name="e2e_chain",
        command_template="{command} # {step}",
        node_args=["step"],
        task_args=[],
        op_args=["command"],
    )
    first = template.create_task(step="first", command="true", max_attempts=1)
    broken = template.create_task(
        step="broken", command="exit 9", max_attempts=1, upstream_tasks=[first]
    )
    after = template.create_task(
        step="after", command="true", max_attempts=1, upstream_tasks=[broken]
    )
    workflow = tool.create_workflow(name="jobmond e2e chain", workflow_args=f"{args}-chain")
    workflow.add_tasks([first, broken, after])
    return workflow, [first, broken, after]


def check_update_and_resume(tool, args):
    """The reference's test_update_task_status: a task fails the workflow; the user marks it
    done with `jobmon update_task_status` and resumes; the rest of the DAG runs to DONE."""
    workflow, tasks = build_chain(tool, args)
    status = workflow.run(seconds_until_timeout=120, configure_logging=False)
    finals = [t.final_status for t in tasks]
    # run() answers the run's status: E (error) for a run that ended with a failed task.
    check(status == "E" and finals == ["D", "F", "G"], f"chain first run: {status} {finals}")
    cli.update_task_status([tasks[1].task_id], workflow.workflow_id, "D")
    again, again_tasks = build_chain(tool, args)
    # The client sleeps resume_timeout / 10 after asking whether the workflow is resumable.
    status = again.run(
        resume=True, resume_timeout=10, seconds_until_timeout=120, configure_logging=False
    )
    check(status == "D", f"resumed chain: {status}")
    check(all(t.final_status == "D" for t in again_tasks), "every chain task DONE on resume")
    print("client CLI update and resume: OK")
