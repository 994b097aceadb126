"""`bench.goals`: issue 17's goals judged from bench.reads' JSON. Pure arithmetic on made-up
figures (nothing is timed); the JSON comes from `bench.reads.run_json`, as `--json` writes
it, so that the two cannot drift apart."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from bench import goals
from bench.load import LoadResult
from bench.reads import Row, run_json
from bench.round_trips import Sent
from bench.scenarios import scenarios

SCENARIOS = {scenario.key: scenario for scenario in scenarios(user_id="VXNlcjox")}
ONE_X = {"organization": 10_000, "audit_event": 100_000}


def load(p50: float = 20.0, p95: float = 30.0, per_worker: dict[int, int] | None = None) -> Any:
    return LoadResult(
        requests=100,
        seconds=2.0,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p95 * 2,
        failures=0,
        per_worker={1001: 4, 1002: 4} if per_worker is None else per_worker,
    )


def row(key: str, server: float, floor: float, **figures: Any) -> Row:
    return Row(
        scenario=SCENARIOS[key],
        graphql_ms=server,
        lower_bound_ms=floor,
        graphql=figures.get("graphql", load()),
        baseline=load(),
        sent=figures.get("sent", Sent(statements=9, statements_small_page=9, round_trips=6)),
    )


def run(*rows: Row, connections: int = 8, workers: int = 2, counts: Any = None) -> Any:
    options = argparse.Namespace(connections=connections, workers=workers, seconds=2, runs=40)
    manifest = {"counts": ONE_X if counts is None else counts}
    figures = run_json(list(rows), [], manifest, options)
    return json.loads(json.dumps(figures))  # as bench.goals reads it from the file


def by_name(found: list[goals.Goal], start: str) -> goals.Goal:
    (goal,) = [g for g in found if g.name.startswith(start)]
    return goal


def test_server_time_over_floor_is_judged_against_each_scenarios_target() -> None:
    judged = goals.single_run(run(row("a", 18.0, 10.0), row("c", 4.0, 1.0)))

    a = by_name(judged, "(a) server time / floor")
    assert (a.measured, a.target, a.met) == (1.8, 1.8, True)
    assert a.line().endswith("met, at the target")
    c = by_name(judged, "(c) server time / floor")
    assert (c.measured, c.target, c.met) == (4.0, 3.0, False)
    assert c.line().endswith("4.00  MISSED by 1.00")
    d = by_name(judged, "(d) server time / floor")
    assert d.measured is None
    assert not d.met
    assert "not measured: a run with (d)" in d.line()


def test_round_trips_statements_and_tail_of_a() -> None:
    sent = Sent(statements=9, statements_small_page=8, round_trips=9)
    judged = goals.single_run(run(row("a", 30.0, 10.0, sent=sent, graphql=load(20.0, 30.0))))

    trips = by_name(judged, "(a) round trips")
    assert (trips.measured, trips.target, trips.met) == (9.0, 6, False)
    assert trips.line().endswith("MISSED by 3.00")
    # A page of 100 that costs a statement more than a page of 10: the page size leaks in.
    page = by_name(judged, "(a) statements, page of 100")
    assert page.measured == pytest.approx(9 / 8)
    assert not page.met
    tail = by_name(judged, "(a) p95 / p50")
    assert tail.measured == pytest.approx(1.5)
    assert tail.met


def test_the_tail_goal_is_only_judged_at_eight_connections() -> None:
    tail = goals.tail_ratio(run(row("a", 30.0, 10.0), connections=16))

    assert tail.measured is None
    assert "--connections 8" in tail.line()


def test_scenarios_without_a_page_have_no_page_size_goal() -> None:
    sent = Sent(statements=2, statements_small_page=None, round_trips=2)

    assert goals.statements_independent_of_page(run(row("c", 2.0, 1.0, sent=sent))) == []


@pytest.mark.parametrize(
    ("spreads", "busiest"),
    [
        ([{1: 4, 2: 4}], 1.0),
        ([{1: 6, 2: 2}], 1.5),
        ([{1: 4, 2: 4}, {1: 7, 2: 1}], 1.75),  # the worst run of the scenarios
        ([{1: 8}], 2.0),  # the idle worker holds nothing, so it is not listed
    ],
)
def test_connections_per_worker_is_the_worst_runs_busiest_over_an_even_share(
    spreads: list[dict[int, int]], busiest: float
) -> None:
    rows = [
        row(key, 2.0, 1.0, graphql=load(per_worker=spread))
        for key, spread in zip("ac", spreads, strict=False)
    ]
    goal = goals.busiest_worker(run(*rows))

    assert goal.measured == pytest.approx(busiest)
    assert goal.met == (busiest <= 1.5)


def test_connections_per_worker_needs_workers_and_counted_connections() -> None:
    assert goals.busiest_worker(run(row("a", 2.0, 1.0), workers=1)).measured is None
    uncounted = row("a", 2.0, 1.0, graphql=load(per_worker={}))
    assert goals.busiest_worker(run(uncounted)).measured is None


def test_application_time_is_halved_against_the_reference() -> None:
    now = run(row("a", 30.0, 10.0))  # 20 ms over the floor
    halved = goals.against_reference(now, run(row("a", 50.0, 10.0)))  # 40 before
    assert halved.measured == pytest.approx(0.5)
    assert halved.met
    not_yet = goals.against_reference(now, run(row("a", 35.0, 10.0)))
    assert not_yet.measured == pytest.approx(0.8)
    assert not not_yet.met
    assert goals.against_reference(now, None).measured is None


def test_costs_at_more_data_compare_server_times_of_runs_on_bigger_seeds() -> None:
    base = run(row("a", 30.0, 10.0), row("b", 40.0, 30.0))
    three = run(row("b", 52.0, 40.0), counts={"organization": 30_000})
    ten = run(row("a", 36.0, 12.0), counts={"organization": 100_000})
    judged = goals.every_goal(base, {3.0: three, 10.0: ten})

    b3 = by_name(judged, "(b) server ms at 3x")
    assert b3.measured == pytest.approx(1.3)
    assert (b3.target, b3.met) == (1.25, False)
    a10 = by_name(judged, "(a) server ms at 10x")
    assert a10.measured == pytest.approx(1.2)
    assert a10.met
    # Every scenario has a 10x goal, measured or not.
    tens = [g for g in judged if "at 10x" in g.name]
    assert [g.name[:3] for g in tens] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    assert by_name(judged, "(b) server ms at 10x").measured is None


def test_a_run_on_the_wrong_data_is_not_taken_for_a_scaled_one() -> None:
    base = run(row("b", 40.0, 30.0))
    same_data = run(row("b", 41.0, 30.0))

    (goal,) = goals.at_scale(base, same_data, 3.0)
    assert goal.measured is None
    assert "holds 1.00x the organizations" in goal.line()


def test_the_report_counts_only_the_goals_measured() -> None:
    text = goals.report(goals.single_run(run(row("a", 20.0, 10.0))))

    assert text.splitlines()[-1] == "4 of 5 goals measured are met."


def test_the_command_reads_the_files_and_refuses_a_scale_it_has_no_goal_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base, scaled = tmp_path / "run.json", tmp_path / "run3.json"
    base.write_text(json.dumps(run(row("b", 40.0, 30.0))))
    scaled.write_text(json.dumps(run(row("b", 44.0, 33.0), counts={"organization": 30_000})))
    monkeypatch.setattr("sys.argv", ["bench.goals", str(base), "--scale", f"3={scaled}"])
    goals.main()
    out = capsys.readouterr().out
    assert "(b) server ms at 3x the data / at 1x" in out
    assert "1.10  met by 0.15" in out

    monkeypatch.setattr("sys.argv", ["bench.goals", str(base), "--scale", f"4={scaled}"])
    with pytest.raises(SystemExit):
        goals.main()
    assert "N one of 3, 10" in capsys.readouterr().err
    monkeypatch.setattr("sys.argv", ["bench.goals", str(tmp_path / "missing.json")])
    with pytest.raises(SystemExit, match=r"not a run of bench\.reads"):
        goals.main()
