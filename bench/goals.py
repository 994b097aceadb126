"""Issue 17's goals, judged from the results bench/reads.py writes (`--json FILE`).

    python -m bench.goals RUN.json [--scale 3=RUN3.json] [--scale 10=RUN10.json]
                          [--reference REF.json]

RUN.json is a run at scale 1; `--scale N=FILE` a run of the same command on a database
seeded with `bench.seed --scale N`; `--reference FILE` a run of the reference build (an
older tree) against RUN.json's database, next to it in time. Prints one line per goal: the
measured ratio, its target, met or missed by how much; a goal the files given cannot judge
says what it needs. bench.reads ends its own table with the goals of one run
(`single_run`). Every target is an upper bound on a ratio of figures bench.reads measured:

- server time ÷ floor: the whole ASGI app per request in-process against the hand-written
  asyncpg + orjson answer, the same run (the "server CPU" of the issue);
- application time: server time minus floor, what the API adds to the fetches it must do;
- round trips and statements per request: bench/round_trips.py;
- p95 ÷ p50 of (a) over HTTP, and how wrk's connections spread over `serve`'s workers;
- cost at N times the data: the server time per request at scale N over the same at scale 1.

Pure arithmetic on the JSON: tests/test_bench_goals.py holds it. Nothing here times.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.scenarios import scenarios

Run = Mapping[str, Any]  # bench.reads' JSON: see `bench.reads.run_json`

SERVER_OVER_FLOOR = {"a": 1.8, "c": 3.0, "d": 3.0}
ROUND_TRIPS_A = 6
TAIL_RATIO_A, TAIL_CONNECTIONS = 1.6, 8
# The busiest worker's connections ÷ an even share: 1.5 lets 8 connections on 2 workers
# be 6 + 2 (each holds at least a quarter, as tests/test_serve_workers.py asks), not 7 + 1.
BUSIEST_WORKER = 1.5
APPLICATION_AGAINST_REFERENCE = 0.5  # halved
EVERY_SCENARIO = tuple(scenario.key for scenario in scenarios(user_id=""))
SCALED = {3.0: (("b",), 1.25), 10.0: (EVERY_SCENARIO, 1.3)}
# A run given for N times the data must hold about N times the organizations of the 1x run.
DATA_TOLERANCE = 0.1


@dataclass(frozen=True)
class Goal:
    name: str
    target: float  # the ratio may be at most this
    measured: float | None  # None: the runs given do not measure it
    needs: str = ""  # what would measure it

    @property
    def met(self) -> bool:
        return self.measured is not None and self.measured <= self.target

    def line(self) -> str:
        head = f"{self.name:<52} target <= {self.target:<5g}"
        if self.measured is None:
            return f"{head} not measured: {self.needs}"
        gap = abs(self.target - self.measured)
        verdict = f"met by {gap:.2f}" if self.met else f"MISSED by {gap:.2f}"
        if gap < 0.005:
            verdict = "met, at the target"
        return f"{head} {self.measured:7.2f}  {verdict}"


def _scenario(run: Run, key: str) -> Mapping[str, Any] | None:
    found: Mapping[str, Any] | None = run.get("scenarios", {}).get(key)
    return found


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def server_over_floor(run: Run, key: str, target: float) -> Goal:
    name = f"({key}) server time / floor"
    row = _scenario(run, key)
    if row is None:
        return Goal(name, target, None, f"a run with ({key})")
    return Goal(name, target, _ratio(row["server_ms"], row["floor_ms"]), "a floor above 0")


def round_trips(run: Run, key: str, target: float) -> Goal:
    name = f"({key}) round trips per request"
    row = _scenario(run, key)
    if row is None:
        return Goal(name, target, None, f"a run with ({key})")
    return Goal(name, target, float(row["round_trips"]))


def statements_independent_of_page(run: Run) -> list[Goal]:
    """Per paged scenario: statements with a page of 100 over those with a page of 10."""
    goals = []
    for key, row in sorted(run.get("scenarios", {}).items()):
        if row.get("statements_small_page") is not None:
            measured = _ratio(row["statements"], row["statements_small_page"])
            goals.append(Goal(f"({key}) statements, page of 100 / page of 10", 1.0, measured))
    return goals


def tail_ratio(run: Run, key: str = "a") -> Goal:
    name = f"({key}) p95 / p50 over HTTP at {TAIL_CONNECTIONS} connections"
    row = _scenario(run, key)
    if row is None:
        return Goal(name, TAIL_RATIO_A, None, f"a run with ({key})")
    if run.get("connections") != TAIL_CONNECTIONS:
        return Goal(name, TAIL_RATIO_A, None, f"a run with --connections {TAIL_CONNECTIONS}")
    load = row["graphql"]
    return Goal(name, TAIL_RATIO_A, _ratio(load["p95_ms"], load["p50_ms"]), "a p50 above 0")


def busiest_worker(run: Run) -> Goal:
    """The worst GraphQL run of any scenario: its busiest worker's connections over an
    even share of those counted. A worker holding none is absent from `per_worker`."""
    name = "connections per worker: busiest / even share"
    workers = int(run.get("workers", 1))
    if workers < 2:
        return Goal(name, BUSIEST_WORKER, None, "a run with --workers 2 or more")
    shares = []
    for row in run.get("scenarios", {}).values():
        held = list(row["graphql"].get("per_worker", {}).values())
        if sum(held):
            shares.append(max(held) / (sum(held) / workers))
    return Goal(name, BUSIEST_WORKER, max(shares, default=None), "connections counted")


def application_time(row: Mapping[str, Any]) -> float:
    return float(row["server_ms"] - row["floor_ms"])


def against_reference(run: Run, reference: Run | None, key: str = "a") -> Goal:
    name = f"({key}) application ms (server - floor) / reference's"
    target = APPLICATION_AGAINST_REFERENCE
    row = _scenario(run, key)
    old = _scenario(reference, key) if reference is not None else None
    if row is None or old is None:
        return Goal(name, target, None, f"--reference REF.json, both runs with ({key})")
    return Goal(
        name, target, _ratio(application_time(row), application_time(old)), "a reference above 0"
    )


def data_factor(base: Run, scaled: Run) -> float | None:
    """How many times the 1x run's organizations the other run's database held (the seed's
    counts, which bench.reads copies from the manifest); None when either lacks them."""
    small = base.get("counts", {}).get("organization", 0)
    big = scaled.get("counts", {}).get("organization", 0)
    return _ratio(big, small) if big else None


def at_scale(base: Run, scaled: Run | None, factor: float) -> list[Goal]:
    """Server time at `factor` times the data over the same at 1x, for the scenarios
    SCALED names."""
    keys, target = SCALED[factor]
    seeded = data_factor(base, scaled) if scaled is not None else None
    wrong_data = seeded is not None and abs(seeded / factor - 1) > DATA_TOLERANCE
    goals = []
    for key in keys:
        name = f"({key}) server ms at {factor:g}x the data / at 1x"
        row = _scenario(base, key)
        big = _scenario(scaled, key) if scaled is not None else None
        if wrong_data:
            needs = f"the {factor:g}x run's database holds {seeded:.2f}x the organizations"
            goals.append(Goal(name, target, None, needs))
        elif row is None or big is None:
            needs = f"--scale {factor:g}=RUN.json, both runs with ({key})"
            goals.append(Goal(name, target, None, needs))
        else:
            goals.append(Goal(name, target, _ratio(big["server_ms"], row["server_ms"])))
    return goals


def single_run(run: Run) -> list[Goal]:
    """The goals one run judges."""
    return [
        *(server_over_floor(run, key, target) for key, target in SERVER_OVER_FLOOR.items()),
        round_trips(run, "a", ROUND_TRIPS_A),
        *statements_independent_of_page(run),
        tail_ratio(run),
        busiest_worker(run),
    ]


def every_goal(
    run: Run, scaled: Mapping[float, Run] | None = None, reference: Run | None = None
) -> list[Goal]:
    scaled = scaled or {}
    return [
        *single_run(run),
        against_reference(run, reference),
        *(goal for factor in SCALED for goal in at_scale(run, scaled.get(factor), factor)),
    ]


def report(goals: list[Goal]) -> str:
    judged = [goal for goal in goals if goal.measured is not None]
    met = sum(goal.met for goal in judged)
    lines = [goal.line() for goal in goals]
    return "\n".join([*lines, f"{met} of {len(judged)} goals measured are met."])


def _scale_argument(text: str) -> tuple[float, Path]:
    factor, separator, path = text.partition("=")
    try:
        number = float(factor)
    except ValueError:
        number = 0.0
    if not separator or number not in SCALED:
        known = ", ".join(f"{f:g}" for f in SCALED)
        raise argparse.ArgumentTypeError(f"expected N=RUN.json with N one of {known}")
    return number, Path(path)


def _load(path: Path) -> Run:
    try:
        loaded: Run = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: not a run of bench.reads --json ({error})") from None
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("run", type=Path, help="bench.reads --json FILE, at scale 1")
    parser.add_argument(
        "--scale", type=_scale_argument, action="append", default=[], help="N=RUN.json"
    )
    parser.add_argument("--reference", type=Path, help="the reference build's run")
    options = parser.parse_args()
    scaled = {factor: _load(path) for factor, path in options.scale}
    reference = _load(options.reference) if options.reference else None
    print(report(every_goal(_load(options.run), scaled, reference)))


if __name__ == "__main__":
    main()
