"""What keeps a test run spread over processes (pytest-xdist, `.ci/run`) from tripping
over itself: the tests that start workers on the run's one Redis db are marked `broker`,
and CI runs them in one process after the rest."""

from __future__ import annotations

from pathlib import Path

# What a module that talks to the test broker names: the broker URL, or the workers that
# tests/test_workers_real.py starts on it.
_USES_THE_BROKER = ("TEST_BROKER_URL", "TEST_AMQP_URL", "workers_on_redis", "REDIS_URL")
_MARK = "pytest.mark.broker"


def test_every_module_using_the_test_broker_keeps_to_one_process(repo_root: Path) -> None:
    tests = repo_root / "tests"
    unmarked = [
        path.name
        for path in sorted(tests.glob("test_*.py"))
        if path.name != Path(__file__).name
        and any(name in (text := path.read_text(encoding="utf-8")) for name in _USES_THE_BROKER)
        and _MARK not in text
    ]
    assert unmarked == [], f"mark them `pytestmark = {_MARK}`"
