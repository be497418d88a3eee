"""Drives Zaxy's real metrics exporter for tests.

Starts `get_metrics().start_server(port)` on a free port, prints `READY <port>`, then reads one JSON
command per stdin line -- {"call": "record_query", "args": [0.2, "hybrid"]} -- calls that method of
the real MetricsCollector and answers `OK` (or `ERR <message>`). EOF on stdin ends the process.
"""
import json
import socket
import sys

from zaxy.metrics import get_metrics


def free_port() -> int:
    # start_server binds 0.0.0.0, so the port must be free on every interface.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("0.0.0.0", 0))
        return probe.getsockname()[1]


def main() -> None:
    metrics = get_metrics()
    if not metrics.enabled:
        print("ERR zaxy metrics are disabled (prometheus_client missing)", flush=True)
        sys.exit(1)
    port = free_port()
    metrics.start_server(port)
    print(f"READY {port}", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
            getattr(metrics, command["call"])(*command.get("args", []))
            print("OK", flush=True)
        except Exception as error:  # report to the test instead of dying silently
            print(f"ERR {type(error).__name__}: {error}", flush=True)


if __name__ == "__main__":
    main()
