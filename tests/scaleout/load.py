"""Bounded load for the scale-out test: many workflows through their whole lifecycle at once,
through the load balancer, with kills, errors and heartbeats racing on shared Tasks.

    python3 load.py URL WORKFLOWS TASKS OUT.json

Each workflow is bound with the client's request shapes (tool, template, nodes, DAG, workflow,
array, tasks), launched as the distributor does (queue_task_batch, instantiate, launched) and
run as worker nodes do (log_running, heartbeats, then done or an error). While that happens, a
racer per workflow reports extra heartbeats and, for every third workflow, kills the run's
instances the way a cold resume does (terminate_task_instances, then transition_to_killed).
Every request is retried like the Jobmon client retries (5xx and 423, up to 10 times). The
outcome of every acknowledged call is written to OUT.json for the invariant checks.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

RETRIES = 10


class Api:
    """One keep-alive connection; retries 5xx and 423 like the client (tenacity, 10 attempts)."""

    def __init__(self, url, stats):
        parsed = urllib.parse.urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.stats = stats
        self.conn = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body)
        for attempt in range(RETRIES):
            status, text = self._send(method, path, data)
            self.stats.count(status)
            if status == 200:
                return json.loads(text) if text else None
            if status == 423 or status >= 500:
                # Exponential backoff as the client's tenacity policy: 10 attempts cover
                # well over the injected two-second outage.
                time.sleep(min(0.1 * 2 ** attempt, 3.0) * random.uniform(0.5, 1.0))
                continue
            raise RuntimeError(f"{method} {path}: {status} {text[:300]!r}")
        self.stats.gave_up(method, path)
        raise RuntimeError(f"{method} {path}: still failing after {RETRIES} attempts")

    def _send(self, method, path, data):
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            headers = {"Content-Type": "application/json"} if data is not None else {}
            self.conn.request(method, "/api/v2" + path, body=data, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            # The proxy or a replica went away mid-request: a new connection, like requests does.
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return 599, b"connection failed"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_status = {}
        self.failures = []
        self.acknowledged = []  # (task_instance_id, call, answer)

    def count(self, status):
        with self.lock:
            self.by_status[str(status)] = self.by_status.get(str(status), 0) + 1

    def gave_up(self, method, path):
        with self.lock:
            self.failures.append(f"{method} {path}")

    def ack(self, ti, call, answer):
        with self.lock:
            self.acknowledged.append([ti, call, answer])


def bind(api, w, n, tag):
    tool_id = api.call("POST", "/tool", {"name": "scaleout"})["tool"][0]
    tool_version_id = api.call("POST", "/tool_version", {"tool_id": tool_id})["tool_version"][0]
    template_id = api.call(
        "POST", "/task_template", {"tool_version_id": tool_version_id, "task_template_name": "tt"}
    )["task_template_id"]
    version = api.call(
        "POST",
        f"/task_template/{template_id}/add_version",
        {"node_args": ["i"], "task_args": [], "op_args": [], "command_template": "echo {i}",
         "arg_mapping_hash": 7},
    )["task_template_version"]
    version_id, arg_of = version[0], version[5]
    nodes = [{"task_template_version_id": version_id, "node_args_hash": tag * 100000 + w * 1000 + i,
              "node_args": {str(arg_of["i"]): str(w * 1000 + i)}} for i in range(n)]
    node_ids = [node_id for _, node_id in sorted(
        api.call("POST", "/nodes", {"nodes": nodes})["nodes"].items(),
        key=lambda kv: int(kv[0].split(":")[1]))]
    dag_id = api.call("POST", "/dag", {"dag_hash": tag * 1000 + w})["dag_id"]
    api.call("POST", f"/dag/{dag_id}/edges", {
        "edges_to_add": [{"node_id": x, "upstream_node_ids": [], "downstream_node_ids": []}
                         for x in node_ids],
        "mark_created": True})
    workflow_id = api.call("POST", "/workflow", {
        "tool_version_id": tool_version_id, "dag_id": dag_id,
        "workflow_args_hash": tag * 1000 + w, "task_hash": w, "description": "scale-out",
        "name": f"wf{w}", "workflow_args": "", "max_concurrently_running": 1000,
        "workflow_attributes": {}})["workflow_id"]
    array_id = api.call("POST", "/array", {
        "workflow_id": workflow_id, "task_template_version_id": version_id,
        "max_concurrently_running": 1000, "name": "tt"})["array_id"]
    resources_id = api.call("POST", "/task/bind_resources", {
        "queue_id": 2, "task_resources_type_id": "O", "requested_resources": {"runtime": 60}})
    tasks = {f"h{i}": [node_ids[i], str(i), array_id, resources_id, f"t{i}", f"echo {i}", 3,
                       False, {}, []] for i in range(n)}
    answer = api.call("PUT", "/task/bind_tasks_no_args",
                      {"workflow_id": workflow_id, "tasks": tasks, "mark_created": True})
    task_ids = [answer["tasks"][f"h{i}"][0] for i in range(n)]
    run = api.call("POST", "/workflow_run", {
        "workflow_id": workflow_id, "user": "scaleout", "jobmon_version": "3.6",
        "next_report_increment": 600})["workflow_run_id"]
    for status in ("B", "I", "O"):
        api.call("PUT", f"/workflow_run/{run}/update_status", {"status": status})
    api.call("POST", f"/workflow_run/{run}/log_heartbeat", {"next_report_increment": 600, "status": "R"})
    return array_id, resources_id, run, task_ids


def launch(api, array_id, resources_id, run, task_ids):
    api.call("POST", f"/array/{array_id}/queue_task_batch", {
        "task_ids": task_ids, "task_resources_id": resources_id, "workflow_run_id": run,
        "cluster_id": 2})
    queued = api.call("POST", f"/workflow_run/{run}/sync_status",
                      {"task_instance_ids": [], "status": "Q"})["status_updates"].get("Q", [])
    api.call("POST", "/task_instance/instantiate_task_instances", {"task_instance_ids": queued})
    api.call("POST", f"/array/{array_id}/transition_to_launched",
             {"batch_number": 1, "next_report_increment": 600})
    return queued


def worker(api, stats, ti, fate):
    running = api.call("POST", f"/task_instance/{ti}/log_running",
                       {"nodename": "n", "process_group_id": 1, "next_report_increment": 600})
    status = running["task_instance"][1]
    stats.ack(ti, "running", {"status": status})
    if status != "R":
        return  # killed before it started: a real worker stops here
    for _ in range(3):
        time.sleep(0.2)  # work being done: the run phases of many workflows overlap
        beat = api.call("POST", f"/task_instance/{ti}/log_report_by", {"next_report_increment": 600})
        if beat.get("status") != "R":
            return  # told to stop (kill requested)
    if fate == "error":
        answer = api.call("POST", f"/task_instance/{ti}/log_error_worker_node",
                          {"error_state": "E", "error_description": f"scale-out error {ti}"})
        stats.ack(ti, "error", answer)
    else:
        answer = api.call("POST", f"/task_instance/{ti}/log_done", {})
        stats.ack(ti, "done", answer)


def racer(api, stats, array_id, run, instances, kill):
    for ti in instances:
        answer = api.call("POST", f"/task_instance/{ti}/log_report_by", {"next_report_increment": 600})
        stats.ack(ti, "heartbeat", answer)
    if kill:
        time.sleep(random.uniform(0.0, 0.8))  # lands among the workers' reports
        api.call("PUT", f"/workflow_run/{run}/terminate_task_instances", {})
        api.call("POST", f"/array/{array_id}/transition_to_killed", {"batch_number": 1})
        stats.ack(None, "kill", {"array_id": array_id})


def lifecycle(url, stats, w, n, tag, errors):
    try:
        api = Api(url, stats)
        array_id, resources_id, run, task_ids = bind(api, w, n, tag)
        instances = launch(api, array_id, resources_id, run, task_ids)
        threads = [threading.Thread(target=racer, args=(Api(url, stats), stats, array_id, run,
                                                        instances, w % 3 == 0))]
        for k, ti in enumerate(instances):
            fate = "error" if k % 5 == 0 else "done"
            threads.append(threading.Thread(target=worker, args=(Api(url, stats), stats, ti, fate)))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    except Exception as e:  # noqa: BLE001 - reported as a failure of this workflow
        errors.append(f"workflow {w}: {e}")


def main():
    url, workflows, tasks, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    stats = Stats()
    errors = []
    tag = int(time.time()) % 10000
    t0 = time.monotonic()
    threads = [threading.Thread(target=lifecycle, args=(url, stats, w, tasks, tag, errors))
               for w in range(workflows)]
    for t in threads:
        t.start()
        time.sleep(0.4)  # a ramp, so binds, runs and the injected faults overlap
    for t in threads:
        t.join()
    result = {"seconds": round(time.monotonic() - t0, 1), "responses": stats.by_status,
              "gave_up": stats.failures, "errors": errors, "acknowledged": stats.acknowledged}
    with open(out, "w") as f:
        json.dump(result, f)
    print(json.dumps({k: v for k, v in result.items() if k != "acknowledged"}))
    sys.exit(1 if errors or stats.failures else 0)


if __name__ == "__main__":
    main()
