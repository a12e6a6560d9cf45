"""Bind and launch benchmarks (scripts/bench scenarios 4 and 5) over HTTP, on one keep-alive
connection, with the Jobmon client's request shapes and chunking (500 items per request: nodes,
DAG edges, bind_tasks_no_args, bind_task_args), then the distributor's launch path for every
task: queue_task_batch -> instantiate_task_instances -> transition_to_launched, 500 tasks per
batch. Prints one JSON object with the seconds the phase took.

    python3 bind_launch.py bind PORT TASKS        (a fresh database: the ids below are 1)
    python3 bind_launch.py launch PORT TASKS      (after bind: array 1, resources 1, run 1)
"""
import http.client
import json
import sys
import time

CHUNK = 500


class Api:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.requests = 0

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if data is not None else {}
        self.conn.request(method, "/api/v2" + path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read()
        self.requests += 1
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {text[:300]!r}")
        return json.loads(text) if text else None


def chunks(n):
    for start in range(1, n + 1, CHUNK):
        yield range(start, min(start + CHUNK, n + 1))


def bind(api, n):
    tool_id = api.call("POST", "/tool", {"name": "bench_tool"})["tool"][0]
    tool_version_id = api.call("POST", "/tool_version", {"tool_id": tool_id})["tool_version"][0]
    template_id = api.call(
        "POST", "/task_template", {"tool_version_id": tool_version_id, "task_template_name": "bench"}
    )["task_template_id"]
    version = api.call(
        "POST",
        f"/task_template/{template_id}/add_version",
        {
            "node_args": ["i"],
            "task_args": ["a"],
            "op_args": [],
            "command_template": "echo {i} {a}",
            "arg_mapping_hash": 7,
        },
    )["task_template_version"]
    version_id, arg_of = version[0], version[5]
    node_arg, task_arg = str(arg_of["i"]), arg_of["a"]
    node_of = {}
    for ids in chunks(n):
        nodes = [
            {"task_template_version_id": version_id, "node_args_hash": i, "node_args": {node_arg: str(i)}}
            for i in ids
        ]
        for key, node_id in api.call("POST", "/nodes", {"nodes": nodes})["nodes"].items():
            node_of[int(key.split(":")[1])] = node_id
    dag_id = api.call("POST", "/dag", {"dag_hash": 4242})["dag_id"]
    all_chunks = list(chunks(n))
    for k, ids in enumerate(all_chunks):
        # A wide DAG: node i waits for node i - 1000.
        edges = [
            {
                "node_id": node_of[i],
                "upstream_node_ids": [node_of[i - 1000]] if i > 1000 else [],
                "downstream_node_ids": [node_of[i + 1000]] if i + 1000 <= n else [],
            }
            for i in ids
        ]
        api.call(
            "POST",
            f"/dag/{dag_id}/edges",
            {"edges_to_add": edges, "mark_created": k == len(all_chunks) - 1},
        )
    workflow_id = api.call(
        "POST",
        "/workflow",
        {
            "tool_version_id": tool_version_id,
            "dag_id": dag_id,
            "workflow_args_hash": 99,
            "task_hash": 98,
            "description": "bench",
            "name": "bench",
            "workflow_args": "bench",
            "max_concurrently_running": 100000,
            "workflow_attributes": {},
        },
    )["workflow_id"]
    array_id = api.call(
        "POST",
        "/array",
        {
            "workflow_id": workflow_id,
            "task_template_version_id": version_id,
            "max_concurrently_running": 100000,
            "name": "bench",
        },
    )["array_id"]
    resources_id = api.call(
        "POST",
        "/task/bind_resources",
        {"queue_id": 2, "task_resources_type_id": "O", "requested_resources": {"runtime": 60}},
    )
    task_of = {}
    for k, ids in enumerate(all_chunks):
        tasks = {
            f"h{i}": [node_of[i], str(i), array_id, resources_id, f"task{i}", f"echo {i} a", 3,
                      False, {"memory": 0.5}, []]
            for i in ids
        }
        answer = api.call(
            "PUT",
            "/task/bind_tasks_no_args",
            {"workflow_id": workflow_id, "tasks": tasks, "mark_created": k == len(all_chunks) - 1},
        )
        for key, value in answer["tasks"].items():
            task_of[int(key[1:])] = value[0]
    for ids in all_chunks:
        api.call("PUT", "/task/bind_task_args", {"task_args": [[task_of[i], task_arg, "a"] for i in ids]})
    run = api.call(
        "POST",
        "/workflow_run",
        {"workflow_id": workflow_id, "user": "bench", "jobmon_version": "3.6", "next_report_increment": 600},
    )["workflow_run_id"]
    for status in ("B", "I", "O"):
        api.call("PUT", f"/workflow_run/{run}/update_status", {"status": status})
    api.call("POST", f"/workflow_run/{run}/log_heartbeat", {"next_report_increment": 600, "status": "R"})
    return {"array_id": array_id, "resources_id": resources_id, "run": run,
            "tasks": [task_of[i] for i in range(1, n + 1)]}


def launch(api, bound):
    next_instance = 1
    for batch, start in enumerate(range(0, len(bound["tasks"]), CHUNK), start=1):
        task_ids = bound["tasks"][start:start + CHUNK]
        api.call(
            "POST",
            f"/array/{bound['array_id']}/queue_task_batch",
            {"task_ids": task_ids, "task_resources_id": bound["resources_id"],
             "workflow_run_id": bound["run"], "cluster_id": 2},
        )
        instances = list(range(next_instance, next_instance + len(task_ids)))
        next_instance += len(task_ids)
        api.call("POST", "/task_instance/instantiate_task_instances", {"task_instance_ids": instances})
        api.call(
            "POST",
            f"/array/{bound['array_id']}/transition_to_launched",
            {"batch_number": batch, "next_report_increment": 600},
        )


def main():
    phase, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    api = Api(port)
    t0 = time.monotonic()
    if phase == "bind":
        bound = bind(api, n)
        if (bound["array_id"], bound["resources_id"], bound["run"]) != (1, 1, 1):
            raise RuntimeError(f"expected a fresh database, got {bound['array_id']} ...")
    else:
        launch(api, {"array_id": 1, "resources_id": 1, "run": 1, "tasks": list(range(1, n + 1))})
    seconds = time.monotonic() - t0
    print(json.dumps({"phase": phase, "tasks": n, "seconds": round(seconds, 3),
                      "requests": api.requests}))


if __name__ == "__main__":
    main()
