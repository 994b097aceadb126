"""The load generator: wrk (a C client, so it leaves the server most of the CPU), driven
with a Lua script that POSTs one body and prints the latency percentiles as JSON.

wrk comes from the distribution's packages (`apt-get install wrk`); `ensure_wrk` installs
it when it is missing and the benchmark runs as root.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import connections as socket_owners

# wrk's Lua API: `done` runs once after the run with the merged latency histogram (µs).
# Bodies are not inspected under load (that would cost wrk time): every scenario's answer
# is checked once before its run instead.
_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
{headers}
done = function(summary, latency, requests)
  io.write(string.format(
    '\\nRESULT {{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, ' ..
    '"socket_errors": %d, "non_2xx": %d}}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    failures: int
    # wrk's connections per worker pid, counted half-way through the run (when asked).
    per_worker: dict[int, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def tail_ratio(self) -> float:
        """p95 / p50: how much slower the slow requests are (issue 17: <= 1.6 for (a))."""
        return self.p95_ms / self.p50_ms if self.p50_ms else 0.0

    def spread(self) -> str:
        """`pid:connections` per worker, most first; "-" when not counted."""
        counts = sorted(self.per_worker.items(), key=lambda item: -item[1])
        return " ".join(f"{pid}:{n}" for pid, n in counts) or "-"


def ensure_wrk() -> str:
    """The wrk binary, installed from the distribution's packages when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("The benchmark needs wrk: install it (apt-get install wrk) and rerun.")
    return found


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def run_load(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str] | None = None,
    seconds: int = 10,
    connections: int = 8,
    threads: int = 1,
    workers_of: tuple[int, int] | None = None,
) -> LoadResult:
    """POST `body` to `url` for `seconds` from `connections` keep-alive connections.

    `workers_of` (the server's port and pid): also count, half-way through, how many of
    wrk's connections each of the server's worker processes holds (Linux)."""
    header_lines = "\n".join(
        f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in (headers or {}).items()
    )
    script = _SCRIPT.format(body=_lua_string(body.decode()), headers=header_lines)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
        path = Path(handle.name)
    try:
        wrk = subprocess.Popen(
            [
                ensure_wrk(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(path),
                url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        per_worker: dict[int, int] = {}
        if workers_of is not None:
            time.sleep(seconds / 2)
            per_worker = dict(socket_owners.per_worker(*workers_of))
        stdout, stderr = wrk.communicate()
        if wrk.returncode:
            raise SystemExit(f"wrk exited with {wrk.returncode}: {stderr.strip()}")
    finally:
        path.unlink(missing_ok=True)
    line = next(x for x in stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    return LoadResult(
        requests=result["requests"],
        seconds=result["seconds"],
        p50_ms=result["p50"],
        p95_ms=result["p95"],
        p99_ms=result["p99"],
        failures=result["socket_errors"] + result["non_2xx"],
        per_worker=per_worker,
    )
