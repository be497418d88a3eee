#!/usr/bin/env python3
"""Zaxy's own side of the zaxy-real tests and the verify benchmark.

Run with the Python of the project-local Zaxy venv (.cache/venv, scripts/setup-zaxy.sh):

  verify FILE...               one JSON array: Zaxy's EventLog.verify() verdict per file, or where
                               it raised (Zaxy has no report for unreadable lines)
  forge IN OUT LINE            copy IN to OUT with the event on physical LINE edited and re-sealed
                               by Zaxy's own hash code, but the next event not re-linked
  generate OUT --size-mb N     write a large valid mixed-envelope log through EventLog.append_many
  record DIR                   record the small fixture logs with the zaxy CLI (test/fixtures/zaxy)

Everything goes through the installed zaxy package so the verdicts and bytes are Zaxy's, not ours.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from zaxy import event as zev
from zaxy.event import Event, EventLog


def physical_line_of_failure(path: Path) -> int | None:
    """Re-walk the log the way EventLog.read_all does, to name the line it raised on."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    parsed = 0
    # splitlines(keepends) on "\n"/"\r\n"/"\r" only mirrors text-mode universal newlines.
    for number, raw in enumerate(_universal_lines(text), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            zev._event_from_json_line(line, seq_hint=parsed + 1)
        except Exception:  # noqa: BLE001 - any failure is the line Zaxy stops on
            return number
        parsed += 1
    return None


def _universal_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def verdict(path: Path, with_hashes: bool = False, brief: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"path": str(path), "report": None, "raised": None}
    log = EventLog(path)
    started = time.perf_counter()
    try:
        report = log.verify()
        out["verify_seconds"] = time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - a raise is Zaxy's verdict on that file
        first = (str(exc).splitlines() or [""])[0]
        out["raised"] = {"type": type(exc).__name__, "message": first, "line": physical_line_of_failure(path)}
        return out
    out["report"] = report.model_dump()
    if brief:
        return out
    events = log.read_all()
    # Envelope = the line's shape, as Zaxy's reader classifies it (a legacy-shaped record relabelled
    # "eventloom.v1" is hashed as v1 but is still a legacy line).
    shapes = [zev._is_eventloom_v1_record(json.loads(line)) for line in _universal_lines(path.read_text("utf-8")) if line.strip()]
    out["envelopes"] = {"legacy": shapes.count(False), "v1": shapes.count(True)}
    out["tail"] = {"seq": events[-1].seq, "hash": events[-1].hash} if events else None
    if with_hashes:
        out["hashes"] = [e.hash for e in events]
    return out


def cmd_verify(args: argparse.Namespace) -> None:
    json.dump([verdict(Path(p), args.hashes, args.brief) for p in args.files], sys.stdout)
    sys.stdout.write("\n")


def reseal(event: Event) -> Event:
    """Recompute the event's own seal with Zaxy's code, keeping its prev_hash as it is."""
    if event.envelope_version == "eventloom.v1":
        sealed = zev._strip_sha256_prefix(
            zev._eventloom_v1_hash(event.to_eventloom_v1_unsigned(), zev._with_sha256_prefix(event.prev_hash))
        )
    else:
        sealed = hashlib.sha256(event.canonical()).hexdigest()
    return event.model_copy(update={"hash": sealed})


def cmd_forge(args: argparse.Namespace) -> None:
    lines = Path(args.input).read_text(encoding="utf-8").split("\n")
    index = args.line - 1
    original = zev._event_from_json_line(lines[index].strip(), seq_hint=args.line)
    if args.prev_hash is not None:
        edited = original.model_copy(update={"prev_hash": args.prev_hash})
    else:
        edited = original.model_copy(update={"payload": {**original.payload, "forged": "yes \u00e9"}})
    forged = reseal(edited)
    if forged.envelope_version == "eventloom.v1":
        lines[index] = zev._eventloom_v1_json(forged)
    else:
        lines[index] = forged.model_dump_json()
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")
    json.dump({"seq": forged.seq, "old_hash": original.hash, "new_hash": forged.hash}, sys.stdout)
    sys.stdout.write("\n")


def cmd_extend_v1(args: argparse.Namespace) -> None:
    """Append one v1 event built by Zaxy's own _build_event after the tail, whatever the tail's format.

    Zaxy's writer never does this itself (a legacy tail keeps a log legacy), but its reader accepts it;
    the case pins how a v1 line links to a bare legacy hash.
    """
    shutil.copyfile(args.input, args.output)
    log = EventLog(args.output)
    last = log.last_event()
    if last is None:
        raise SystemExit("extend-v1: the log is empty")
    event = log._build_event(seq=last.seq + 1, prev_hash=last.hash, event_type="task.completed", actor="t\u00e9ster",
                             payload={"Result": "d\u00e9j\u00e0 vu", "score": 1.0}, thread="default", timestamp=None,
                             envelope_version="eventloom.v1")
    with open(args.output, "a", encoding="utf-8") as fh:
        fh.write(zev._eventloom_v1_json(event) + "\n")
    json.dump({"seq": event.seq, "hash": event.hash}, sys.stdout)
    sys.stdout.write("\n")


# --- generate: a large, valid, realistic log through Zaxy's own writer ---------------------------

WORDS = ["deploy", "caf\u00e9", "na\u00efve", "\u00fcber", "\u2014", "\u65e5\u672c", "\U0001f680", "graph",
         "neo4j", "replay", "Zaxy", "\u0394elta", "r\u00e9sum\u00e9", "projection", "checkout", "memory"]
V1_TYPES = ["decision.made", "task.proposed", "task.completed", "memory.checkout.completed",
            "tool.completed", "transcript.turn", "hook.heartbeat"]
LEGACY_TYPES = ["hook.session_started", "tool_call.observed", "memory.reminder.suggested", "file_edit.observed"]


def realistic_payload(rng: random.Random, n: int) -> dict[str, Any]:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
    return {
        "summary": text,
        "Title": f"Step {n} \u2014 {rng.choice(WORDS)}",
        "score": rng.choice([1.0, 0.5, 1e-05, 0.000025, 1e16, rng.random(), -0.0, 2.5e-07]),
        "usage": {"prompt_tokens": rng.randint(10, 4000), "completion_tokens": rng.randint(0, 900)},
        "big": 2**64 + n,
        "tags": [rng.choice(WORDS) for _ in range(rng.randint(0, 5))],
        "Nested": {"fileHash": "%016x" % rng.getrandbits(64), "file_path": f"src/m{n % 97}.py",
                   "\u00e9tat": rng.choice(["ok", "pending", "\u00e9chec"]), "taskId": f"task_{n % 50}"},
    }


def cmd_generate(args: argparse.Namespace) -> None:
    out = Path(args.output)
    target = int(args.size_mb * 1024 * 1024)
    tmp = out.with_suffix(out.suffix + ".partial")
    if tmp.exists():
        tmp.unlink()
    rng = random.Random(args.seed)
    log = EventLog(tmp)
    base = datetime(2026, 5, 20, 12, 0, 0, tzinfo=UTC)
    n = 0
    started = time.monotonic()
    # The first ~40% are dotted types on a fresh log (v1); the first non-dotted type turns it legacy
    # for good, exactly as Zaxy's writer does.
    size = 0
    while size < target:
        legacy_phase = size >= target * 0.4
        items = []
        for _ in range(args.batch):
            n += 1
            kind = rng.choice(LEGACY_TYPES if legacy_phase else V1_TYPES)
            items.append({
                "event_type": kind,
                "actor": rng.choice(["assistant", "zaxy-memory", "user", "planner-\u00e9"]),
                "payload": realistic_payload(rng, n),
                "thread": "bench",
                "timestamp": base + timedelta(microseconds=n * 1_250_013 if n % 7 else n * 1_000_000),
            })
        log.append_many(items)
        size = tmp.stat().st_size
    os.replace(tmp, out)
    json.dump({"path": str(out), "events": n, "bytes": out.stat().st_size,
               "seconds": round(time.monotonic() - started, 2)}, sys.stdout)
    sys.stdout.write("\n")


# --- record: the small fixture logs, written by the zaxy CLI itself ------------------------------

RICH_PAYLOADS = [
    {"decision": "caf\u00e9 \u2014 done", "score": 1.0, "eps": 1e-05, "p": 0.000025, "big_float": 1e16,
     "tiny": 1e-07, "huge": 1.5e300, "neg_zero": -0.0, "int_big": 123456789012345678901234567890,
     "Nested": {"Zeta": 1, "alpha": "\U0001f600", "\u00e9t\u00e9": [1.5, 2, "\u65e5\u672c"], "fileHash": "x",
                "file_path": "y", "Title": "T", "__x": None}},
    {"text": "controls \u0007 \u007f \u2028 \u0085 \ufeff tab\tnl\n quote\" slash\\ /", "ok": True,
     "list": [{"b": 2, "a": 1}, [], {}], "n": -12345678901234567890, "f": 0.30000000000000004},
    {"api_key": "sk-abcdefghijklmnopqrstuvwxyz012345", "prompt_tokens": 12, "note": "redact me"},
    # Keys that are special to JavaScript objects, an empty key and a NUL in a key.
    {"__proto__": {"polluted": True}, "constructor": {"prototype": 1}, "hasOwnProperty": "x", "toString": 1.5,
     "": "empty key", "a\u0000b": 1},
]


def zaxy_cli(root: Path, *argv: str) -> None:
    zaxy = Path(sys.executable).with_name("zaxy")
    subprocess.run([str(zaxy), *argv, "--eventloom-path", str(root)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def append(root: Path, session: str, event_type: str, payload: Any) -> None:
    zaxy_cli(root, "memory", "append", event_type, "--actor", "t\u00e9ster", "--payload-json",
             json.dumps(payload), "--session-id", session, "--json")


def hook(root: Path, session: str, trigger: str) -> None:
    zaxy_cli(root, "hook-event", trigger, "--session-id", session, "--source", "ci")


def cmd_record(args: argparse.Namespace) -> None:
    root = Path(args.dir)
    logs = root / "logs"
    if logs.exists():
        shutil.rmtree(logs)
    # v1: a fresh log whose types are all dotted.
    hook(logs, "v1", "heartbeat")
    for p in RICH_PAYLOADS:
        append(logs, "v1", "decision.made", p)
    hook(logs, "v1", "heartbeat")
    # legacy: hook.session_started (not a dotted type) makes the log legacy from line 1.
    hook(logs, "legacy", "session-start")
    for p in RICH_PAYLOADS:
        append(logs, "legacy", "decision.made", p)
    # mixed: v1 until the first non-dotted type, legacy from then on.
    hook(logs, "mixed", "heartbeat")
    append(logs, "mixed", "decision.made", RICH_PAYLOADS[0])
    hook(logs, "mixed", "session-start")
    append(logs, "mixed", "task.completed", RICH_PAYLOADS[1])
    # NaN/Infinity: Python writes bare tokens in v1; pydantic writes null in legacy (hash saw NaN).
    append(logs, "nan-v1", "decision.made", {"x": float("nan"), "y": float("inf"), "z": -float("inf")})
    hook(logs, "nan-legacy", "session-start")
    append(logs, "nan-legacy", "decision.made", {"x": float("nan"), "ok": 1.0})
    # rotated: a mixed log archived by the sdist's rotate-logs.sh, then written again.
    hook(logs, "rotated", "heartbeat")
    hook(logs, "rotated", "session-start")
    subprocess.run(["bash", args.rotate_script, "--log", str(logs / "rotated.jsonl"), "--name", "rotated-1"],
                   check=True, stdout=subprocess.DEVNULL)
    hook(logs, "rotated", "heartbeat")
    append(logs, "rotated", "decision.made", RICH_PAYLOADS[1])
    # vector E of eventloom-format.md §8, through the real writer (the CLI cannot pin timestamps).
    vector = EventLog(logs / "vector-e.jsonl")
    vector.append("goal.created", actor="user", payload={"title": "Ship it"},
                  timestamp=datetime(2026, 5, 20, 12, 0, 0, tzinfo=UTC))
    vector.append("task.proposed", actor="assistant", payload={"task": "Write caf\u00e9 docs"},
                  timestamp=datetime(2026, 5, 20, 12, 0, 1, 250000, tzinfo=UTC))
    shutil.rmtree(logs / "projections", ignore_errors=True)
    print(json.dumps(sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("verify")
    p.add_argument("files", nargs="+")
    p.add_argument("--hashes", action="store_true", help="also list every event hash (small logs only)")
    p.add_argument("--brief", action="store_true", help="only the report and its timing (benchmarks)")
    p.set_defaults(run=cmd_verify)
    p = sub.add_parser("forge")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("line", type=int)
    p.add_argument("--prev-hash", help="set this prev_hash (bare hex) instead of editing the payload")
    p.set_defaults(run=cmd_forge)
    p = sub.add_parser("extend-v1")
    p.add_argument("input")
    p.add_argument("output")
    p.set_defaults(run=cmd_extend_v1)
    p = sub.add_parser("generate")
    p.add_argument("output")
    p.add_argument("--size-mb", type=float, default=200)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--batch", type=int, default=2000)
    p.set_defaults(run=cmd_generate)
    p = sub.add_parser("record")
    p.add_argument("dir")
    p.add_argument("--rotate-script", required=True)
    p.set_defaults(run=cmd_record)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
