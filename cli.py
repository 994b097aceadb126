"""The `tenantry` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from tortoise import Tortoise

import database
from ops import logs, metrics
from ops.progress import progress
from ops.safety import configuration_refusals
from settings import ConfigurationError, Settings, get_settings

logger = logging.getLogger("tenantry")


def _run_with_database(
    settings: Settings, work: Callable[[], Awaitable[int]], *, migrate: bool = True
) -> int:
    """Migrate (which initialises Tortoise), run `work`, and always close the connections."""

    async def main() -> int:
        try:
            if migrate:
                with progress("migrations", unit="migration") as advance:
                    applied = await database.migrate(
                        settings.database_url, on_applied=lambda name: advance(1)
                    )
                for name in applied:
                    logger.info("applied migration %s", name)
            else:
                await Tortoise.init(config=database.tortoise_config(settings.database_url))
            return await work()
        finally:
            await Tortoise.close_connections()

    return asyncio.run(main())


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    async def report() -> int:
        print(f"database is up to date ({database.dialect_of(settings.database_url)})")
        return 0

    return _run_with_database(settings, report)


def cmd_bootstrap(args: argparse.Namespace, settings: Settings) -> int:
    from domain.bootstrap import bootstrap
    from domain.errors import DomainError

    async def work() -> int:
        try:
            result = await bootstrap(args.email, args.password, settings=settings, name=args.name)
        except DomainError as error:
            print(f"bootstrap refused: {error.message}", file=sys.stderr)
            return 2
        if not result.created:
            print(
                f"already bootstrapped: the master organization "
                f"'{result.organization.name}' exists; nothing changed"
            )
            return 0
        print(
            f"created master organization '{result.organization.name}' "
            f"with administrator {result.email}"
        )
        if result.generated_password:
            print(f"generated password (shown once): {result.generated_password}")
        return 0

    return _run_with_database(settings, work)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from domain.demo import ADMIN_EMAIL, CUSTOMERS, DEMO_PASSWORD, demo_admin_exists, load_demo

    if settings.production:
        print(
            "demo data is for development only; refusing with TENANTRY_ENV=production",
            file=sys.stderr,
        )
        return 2

    async def work() -> int:
        with progress("demo customers", total=CUSTOMERS, unit="customer") as advance:
            result = await load_demo(settings, on_customer=advance)
        if result.created:
            print(f"demo loaded; every demo login uses the password '{DEMO_PASSWORD}':")
            for login in result.logins:
                print(f"  {login.email:<48} {login.role:<7} {login.organization}")
        elif await demo_admin_exists():
            print("demo data already loaded")
        else:
            print("demo: the database already holds organizations; nothing loaded")
            return 0
        print(f"administrator login: {ADMIN_EMAIL} / {DEMO_PASSWORD}")
        return 0

    return _run_with_database(settings, work)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    # Before anything creates a metric: every uvicorn process then counts into the folder.
    # A folder the operator set is emptied even for one process: its old files would count.
    ours = not metrics.multiprocess_enabled()
    wanted = args.workers > 1 or not ours
    try:
        metrics_dir = metrics.fresh_multiprocess_dir() if wanted else None
    except metrics.UnsafeMultiprocessDir as error:
        print(f"refusing to start: {error}", file=sys.stderr)
        return 2
    try:
        return _serve(args, settings)
    finally:
        if metrics_dir is not None:
            metrics.remove_multiprocess_dir(metrics_dir, created=ours)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from ops import serving
    from ops.safety import demo_password_in_use
    from ops.serve_worker import run_uvicorn_worker

    async def refuse_demo_logins() -> int:
        problem = await demo_password_in_use(settings) if settings.production else None
        if problem:
            print(f"refusing to start: {problem}", file=sys.stderr)
            return 2
        return 0

    if _run_with_database(settings, refuse_demo_logins):
        return 2
    print(
        f"GraphiQL: http://{args.host}:{args.port}/graphql"
        if not settings.production
        else f"serving on {args.host}:{args.port}"
    )
    options = _uvicorn_options(settings)
    if args.workers > 1 and serving.reuse_port_available():
        return serving.serve_with_reuse_port(
            workers=args.workers,
            host=args.host,
            port=args.port,
            target=run_uvicorn_worker,
            options={**options, "timeout_graceful_shutdown": serving.GRACEFUL_SECONDS},
            # A worker killed outright never marks its live gauges dead itself.
            on_worker_exit=metrics.mark_process_dead,
        )
    # One process, or no SO_REUSEPORT: uvicorn's own mode (its workers share one socket).
    uvicorn.run(**options, host=args.host, port=args.port, workers=args.workers)
    return 0


def _uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn.Config's keywords for the app, whichever way the processes are run."""
    return {
        "app": "app:create_app",
        "factory": True,
        # Client addresses come from TRUSTED_PROXIES in gql/context.py, nowhere else.
        "proxy_headers": False,
        # A WebSocket message over MAX_BODY_BYTES is refused before it is buffered whole.
        "ws_max_size": settings.max_body_bytes,
        "log_config": logs.uvicorn_log_config(settings),
        "log_level": "info",
        "access_log": False,  # ops/observe.py logs one line per request, with its request id
    }


def _port(text: str) -> int:
    """--port: 0 to 65535 (0: one the system picks, with --workers 1)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a port number, not {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535, not {port}")
    return port


def _workers(text: str) -> int:
    """--workers: a whole number, 1 or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {count}")
    return count


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """dramatiq worker processes for the configured broker (BROKER_URL is required)."""
    if settings.broker_url is None:
        print(
            "tenantry worker needs BROKER_URL (redis://... or amqp://...); without it "
            "`tenantry serve` runs the jobs itself",
            file=sys.stderr,
        )
        return 2
    from dramatiq.cli import main as dramatiq_main
    from dramatiq.cli import make_argument_parser

    from workers.actors import resend_unfinished

    async def resend() -> int:
        # The rows are the truth: jobs whose worker died are sent again at start.
        count = await resend_unfinished(settings.job_stale_seconds)
        if count:
            logger.info("re-sent %s unfinished jobs", count)
        return 0

    _run_with_database(settings, resend)
    parsed = make_argument_parser().parse_args(  # type: ignore[no-untyped-call]
        ["workers.actors", "--processes", str(args.processes), "--threads", str(args.threads)]
    )
    result: int = dramatiq_main(parsed)  # type: ignore[no-untyped-call]
    return result


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    """Enqueue the periodic work until SIGTERM/SIGINT (or once, with --once).

    Each tick takes the database's scheduler lock, so a second scheduler (or `serve` in the
    embedded mode) never ticks at the same time: whoever finds the lock taken skips.
    """
    import signal

    from workers.scheduler import guarded_tick, run_forever

    if settings.broker_url is None:
        # Nothing else reads this process's in-memory queue: its jobs wait until `serve`
        # re-sends them from their rows (JOB_STALE_SECONDS). Allowed, for `--once` by hand.
        print(
            "warning: tenantry scheduler has no BROKER_URL, so the jobs it starts wait "
            "until `tenantry serve` re-sends them; `serve` runs the scheduler itself "
            "when there is no broker (EMBEDDED_SCHEDULER)",
            file=sys.stderr,
        )

    async def work() -> int:
        if args.once:
            result = await guarded_tick(settings)
            if result is None:
                print("skipped: another process is running a tick")
                return 0
            print(
                f"re-sent {result.resent} jobs, started {result.purges_started} purges, "
                f"suspended {result.accounts_expired} expired accounts"
            )
            return 0
        stop = asyncio.Event()
        running = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            running.add_signal_handler(signum, stop.set)
        await run_forever(settings, stop)
        return 0

    return _run_with_database(settings, work)


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from gql.schema import export_sdl

    sys.stdout.write(export_sdl())
    return 0


def cmd_settings_table(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from settings_table import settings_table, with_settings_table

    if args.readme is None:
        sys.stdout.write(settings_table())
        return 0
    readme = Path(args.readme)
    readme.write_text(with_settings_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


def cmd_trust_documents(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from gql.fastpath.wiring import executable_schema
    from gql.schema import build_schema
    from gql.trusted_documents import ManifestError, trust

    store = settings.trusted_documents_file
    try:
        result = trust(
            Path(args.file),
            store,
            executable_schema(build_schema(settings.production)),
            replace=args.replace,
        )
    except ManifestError as error:
        print(f"trust-documents refused: {error}", file=sys.stderr)
        return 2
    print(f"trusted {result.added} new document(s); {result.total} in all in {store}")
    return 0


def cmd_makemigrations(args: argparse.Namespace, settings: Settings) -> int:
    """Developer command: write (or with --check, detect) the next migration."""

    async def work() -> int:
        if args.check:
            diff = await database.unmigrated_changes(settings.database_url)
            if diff:
                print("models changed without a migration:\n" + diff)
                return 1
            print("models and migrations agree")
            return 0
        version = await database.make_migration(settings.database_url, args.name)
        print(f"wrote {version}" if version else "no changes")
        return 0

    async def run() -> int:
        try:
            return await work()
        finally:
            await Tortoise.close_connections()

    if args.check:
        return _run_with_database(settings, work)
    return asyncio.run(run())


# The commands that run the platform (every one but the developers' schema tools).
_PRODUCTION_CHECKED = (cmd_serve, cmd_worker, cmd_scheduler, cmd_migrate, cmd_bootstrap, cmd_demo)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tenantry", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate if needed, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="processes serving the API (Linux: each on its own SO_REUSEPORT socket, "
        "restarted if it dies; see docs/deployment.md)",
    )
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser("worker", help="run background jobs from BROKER_URL")
    worker.add_argument("--processes", type=int, default=1)
    worker.add_argument("--threads", type=int, default=2)
    worker.set_defaults(handler=cmd_worker)

    scheduler = commands.add_parser("scheduler", help="enqueue periodic work (one per site)")
    scheduler.add_argument("--once", action="store_true", help="one tick, then exit")
    scheduler.set_defaults(handler=cmd_scheduler)

    commands.add_parser("migrate", help="bring the database to the current schema").set_defaults(
        handler=cmd_migrate
    )

    boot = commands.add_parser("bootstrap", help="create the master organization and its admin")
    boot.add_argument("--email", required=True)
    boot.add_argument("--password", help="omit to have one generated and printed")
    boot.add_argument("--name", default="Platform", help="the master organization's name")
    boot.set_defaults(handler=cmd_bootstrap)

    commands.add_parser("demo", help="load a small demo hierarchy (development only)").set_defaults(
        handler=cmd_demo
    )
    commands.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(
        handler=cmd_export_schema
    )

    table = commands.add_parser(
        "settings-table", help="print the README's Configuration table, from settings.py"
    )
    table.add_argument("--readme", help="write it into this README instead")
    table.set_defaults(handler=cmd_settings_table)

    trusted = commands.add_parser(
        "trust-documents", help="trust a frontend build's persisted documents (docs/http.md)"
    )
    trusted.add_argument("file", help="persisted-documents.json (graphql-codegen) or Relay's")
    trusted.add_argument("--replace", action="store_true", help="drop the documents trusted before")
    trusted.set_defaults(handler=cmd_trust_documents)

    mk = commands.add_parser("makemigrations", help="(developers) write the next migration")
    mk.add_argument("name", nargs="?", default="update")
    mk.add_argument("--check", action="store_true", help="exit 1 when a migration is missing")
    mk.set_defaults(handler=cmd_makemigrations)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, handlers=[logging.StreamHandler()])
    args = _parser().parse_args(argv)
    try:
        settings = get_settings()
    except ConfigurationError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    logs.configure(settings)
    refusals = configuration_refusals(settings) if args.handler in _PRODUCTION_CHECKED else []
    for refusal in refusals:
        print(f"refusing to start in production: {refusal}", file=sys.stderr)
    if refusals:
        return 2
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        return handler(args, settings)
    except database.MissingMigrationsError as error:
        print(f"installation error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
