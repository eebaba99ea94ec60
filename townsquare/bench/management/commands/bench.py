"""``townsquare bench``: seed, import, load, run both modes, search, serving, fanout, compare."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from townsquare.bench import dataset, fanout_scale, importer, report, runner, search, serving
from townsquare.bench import modes as runs
from townsquare.bench.load import SCENARIOS, WrkMissing, wrk_path
from townsquare.bench.processes import ClusterError
from townsquare.bench.target import TargetError, read_tokens


class Command(BaseCommand):
    help = (
        "Benchmark harness: `seed`, `import`, `load`, `run`, `search` and `compare` "
        "(see each one's --help)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        seed = commands.add_parser("seed", help="Write a deterministic dataset (JSON lines).")
        seed.add_argument("--size", choices=sorted(dataset.SIZES), default="S")
        seed.add_argument("--out", type=Path, help="File to write (default: bench-<size>.jsonl).")
        seed.add_argument("--seed", type=int, default=dataset.SEED)
        load = commands.add_parser("import", help="Load a dataset into this server's database.")
        load.add_argument("file", type=Path)
        load.add_argument("--tokens", type=Path, help="Where to write access tokens.")
        load.add_argument("--token-count", type=int, default=importer.MIN_TOKENS * 10)
        drive = commands.add_parser("load", help="Drive a Mastodon API server with wrk.")
        drive.add_argument("--url", required=True)
        drive.add_argument(
            "--also-url", action="append", default=[],
            help="Another web process of the same server: posting at a rate (the ramp, the "
            "background writes) spreads over all of them; reads and the floor use --url.",
        )  # fmt: skip
        drive.add_argument("--tokens", type=Path, required=True)
        drive.add_argument("--duration", type=float, default=10.0, help="Seconds per run.")
        drive.add_argument("--warmup", type=float, default=2.0, help="Seconds of warm-up.")
        drive.add_argument("--connections", default="1,8,32")
        drive.add_argument("--scenarios", default=",".join(s.name for s in SCENARIOS))
        drive.add_argument("--hashtag", default="topic0")
        drive.add_argument("--no-fanout", action="store_true")
        drive.add_argument("--no-queries", action="store_true", help="Don't count SQL queries.")
        drive.add_argument(
            "--rate-seconds", type=float, default=0.0,
            help="Seconds per stage of the posting-rate ramp (60 to measure; 0 skips it).",
        )  # fmt: skip
        drive.add_argument("--max-rate", type=int, default=0,
                           help="Stop the ramp at this many posts/s (0: up to 400).")  # fmt: skip
        drive.add_argument("--busy-rate", type=float, default=20.0,
                           help="Posts/s written while fan-out is timed under load.")  # fmt: skip
        drive.add_argument("--json", type=Path, help="Write the results here as JSON.")
        find = commands.add_parser("search", help="Search latency at a number of posts.")
        find.add_argument("--posts", type=int, default=100_000)
        find.add_argument("--samples", type=int, default=200, help="Searches per query kind.")
        find.add_argument("--no-api", action="store_true", help="Time the selector only.")
        find.add_argument(
            "--no-analyze", action="store_true", help="Leave table statistics as loaded."
        )
        find.add_argument("--json", type=Path, help="Write the results here as JSON.")
        modes = commands.add_parser(
            "run", help="Start, import and load both modes (embedded and scale) side by side."
        )
        modes.add_argument("--size", choices=sorted(dataset.SIZES), default="S")
        modes.add_argument("--modes", default=",".join(runs.MODES))
        modes.add_argument("--work-dir", type=Path, default=Path("var/bench"))
        modes.add_argument("--database-url", default="", help="PostgreSQL for the scale mode.")
        modes.add_argument("--redis-url", default="", help="Redis for the scale mode.")
        modes.add_argument("--web", type=int, default=2, help="Web processes (scale mode).")
        modes.add_argument("--workers", type=int, default=2, help="Workers (scale mode).")
        modes.add_argument("--json", type=Path, help="Write the results here as JSON.")
        modes.add_argument(
            "load_args", nargs="*",
            help="Passed to `bench load` after --, e.g. -- --duration 5 --rate-seconds 60",
        )  # fmt: skip
        serve = commands.add_parser(
            "serving", help="Compare HTTP servers (uvicorn, gunicorn, granian) on this database."
        )
        serve.add_argument("--tokens", type=Path, required=True)
        serve.add_argument("--processes", type=int, default=2, help="Server processes each.")
        serve.add_argument("--connections", type=int, default=8)
        serve.add_argument("--duration", type=float, default=5.0, help="Seconds per run.")
        serve.add_argument("--rounds", type=int, default=3)
        serve.add_argument(
            "--stacks", default="", help="Only stacks whose name contains one of these (a,b)."
        )
        serve.add_argument("--json", type=Path, help="Write the results here as JSON.")
        fan = commands.add_parser(
            "fanout", help="Fan-out delay of one big account and the sustained posting rate."
        )
        fan.add_argument("--url", required=True, help="A server running on this database.")
        fan.add_argument(
            "--followers", type=int, default=0,
            help="Followers of the author (default: the fan-out threshold - 1).",
        )  # fmt: skip
        fan.add_argument("--posters", type=int, default=fanout_scale.POSTERS)
        fan.add_argument("--poster-followers", type=int, default=fanout_scale.POSTER_FOLLOWERS)
        fan.add_argument("--rounds", type=int, default=3, help="Idle fan-outs timed.")
        fan.add_argument(
            "--busy-rate", type=float, default=0.0,
            help="Posts/s written while one more fan-out is timed (0 skips it).",
        )  # fmt: skip
        fan.add_argument(
            "--rate-seconds", type=float, default=0.0,
            help="Seconds per stage of the posting-rate ramp (0 skips it).",
        )  # fmt: skip
        fan.add_argument("--max-rate", type=int, default=0)
        fan.add_argument("--json", type=Path, help="Write the results here as JSON.")
        both = commands.add_parser("compare", help="Two `load --json` results side by side.")
        both.add_argument("before", type=Path)
        both.add_argument("after", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "seed":
            self._seed(options)
        elif action == "import":
            self._import(options)
        elif action == "load":
            self._load(options)
        elif action == "search":
            self._search(options)
        elif action == "run":
            self._run(options)
        elif action == "serving":
            self._serving(options)
        elif action == "fanout":
            self._fanout(options)
        else:
            before, after = (json.loads(options[name].read_text()) for name in ("before", "after"))
            try:
                self.stdout.write(report.compare(before, after))
            except (KeyError, TypeError):
                raise CommandError(
                    "compare reads the --json of `bench load` or `bench run`"
                ) from None

    def _seed(self, options: dict[str, Any]) -> None:
        size = dataset.SIZES[options["size"]]
        out: Path = options["out"] or Path(f"bench-{size.name}.jsonl")
        with out.open("w", encoding="utf-8") as file:
            counts = dataset.write_dump(size, file, seed=options["seed"])
        self.stdout.write(f"Wrote {out}: {counts}")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such dump: {path}")
        try:
            state = importer.import_dump(path, report=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from None
        tokens: Path = options["tokens"] or path.with_suffix(".tokens")
        importer.write_tokens(tokens, count=options["token_count"], report=self.stdout.write)
        self.stdout.write(f"Done: {dict(state.tally)}. Everyone's password: {importer.PASSWORD}")

    def _load(self, options: dict[str, Any]) -> None:
        try:
            wrk_path()
        except WrkMissing as error:
            raise CommandError(str(error)) from None
        tokens = read_tokens(options["tokens"])
        if not tokens:
            raise CommandError(f"No tokens in {options['tokens']}")
        plan = runner.Plan(
            url=options["url"].rstrip("/"),
            tokens=tokens,
            hashtag=options["hashtag"],
            seconds=options["duration"],
            warmup_seconds=options["warmup"],
            connections=_numbers(options["connections"]),
            scenarios=_names(options["scenarios"]),
            measure_fanout=not options["no_fanout"],
            measure_queries=not options["no_queries"],
            rate_seconds=options["rate_seconds"],
            busy_rate=options["busy_rate"],
            max_rate=options["max_rate"],
            also_urls=[url.rstrip("/") for url in options["also_url"]],
        )
        try:
            document = runner.run(plan, report=self._progress)
        except (TargetError, OSError) as error:
            raise CommandError(f"Could not benchmark {plan.url}: {error}") from None
        self.stdout.write(report.table(document))
        if options["json"]:
            options["json"].write_text(json.dumps(document, indent=2), encoding="utf-8")
        if not document["ok"]:
            raise CommandError("Some answers were not 2xx: the run failed.")

    def _run(self, options: dict[str, Any]) -> None:
        chosen = tuple(_names_from(options["modes"], runs.MODES, "modes"))
        plan = runs.RunPlan(
            size=options["size"],
            work_dir=options["work_dir"],
            modes=chosen,
            database_url=options["database_url"],
            redis_url=options["redis_url"],
            web=options["web"],
            workers=options["workers"],
            load_args=list(options["load_args"]),
        )
        try:
            document = runs.run(plan, report=self._progress)
        except (runs.ModeError, ClusterError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(runs.side_by_side(document))
        if options["json"]:
            options["json"].write_text(json.dumps(document, indent=2), encoding="utf-8")
        if not document["ok"]:
            raise CommandError("Some answers were not 2xx: the run failed.")

    def _serving(self, options: dict[str, Any]) -> None:
        try:
            wrk_path()
        except WrkMissing as error:
            raise CommandError(str(error)) from None
        tokens = read_tokens(options["tokens"])
        if not tokens:
            raise CommandError(f"No tokens in {options['tokens']}")
        try:
            target = serving.discover_target(tokens)
            document = serving.compare(
                target,
                processes=options["processes"],
                connections=options["connections"],
                seconds=options["duration"],
                rounds=options["rounds"],
                names=tuple(part.strip() for part in options["stacks"].split(",") if part.strip()),
                report=self._progress,
            )
        except (TargetError, ClusterError, OSError) as error:
            raise CommandError(f"Could not compare servers: {error}") from None
        document = {"started_at": datetime.now(tz=UTC).isoformat(), **report.environment(),
                    **document}  # fmt: skip
        self.stdout.write(serving.table(document))
        if options["json"]:
            options["json"].write_text(json.dumps(document, indent=2), encoding="utf-8")

    def _fanout(self, options: dict[str, Any]) -> None:
        if options["followers"] < 0 or options["posters"] < 1 or options["rounds"] < 1:
            raise CommandError("--followers can't be negative; --posters and --rounds need 1")
        plan = fanout_scale.Plan(
            url=options["url"].rstrip("/"),
            followers=options["followers"] or fanout_scale.default_followers(),
            posters=options["posters"],
            poster_followers=options["poster_followers"],
            rounds=options["rounds"],
            busy_rate=options["busy_rate"],
            rate_seconds=options["rate_seconds"],
            max_rate=options["max_rate"],
        )
        try:
            document = fanout_scale.run(plan, report=self._progress)
        except (TargetError, OSError) as error:
            raise CommandError(f"Could not benchmark {plan.url}: {error}") from None
        document = {"started_at": datetime.now(tz=UTC).isoformat(), **report.environment(),
                    **document}  # fmt: skip
        self.stdout.write(fanout_scale.table(document))
        if options["json"]:
            options["json"].write_text(json.dumps(document, indent=2), encoding="utf-8")

    def _search(self, options: dict[str, Any]) -> None:
        if options["posts"] < 1 or options["samples"] < 2:
            raise CommandError("--posts needs at least 1 and --samples at least 2")
        # A fresh data directory has no tables yet.
        call_command("migrate", verbosity=0, interactive=False)
        try:
            document = search.run(
                options["posts"],
                samples=options["samples"],
                with_api=not options["no_api"],
                analyze=not options["no_analyze"],
                report=self._progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        document = {"started_at": datetime.now(tz=UTC).isoformat(), **report.environment(),
                    **document}  # fmt: skip
        self.stdout.write(search.table(document))
        if options["json"]:
            options["json"].write_text(json.dumps(document, indent=2), encoding="utf-8")

    def _progress(self, message: str) -> None:
        self.stderr.write(message)
        sys.stderr.flush()


def _numbers(text: str) -> list[int]:
    try:
        numbers = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"--connections takes numbers like 1,8,32, not {text!r}") from None
    if not numbers or min(numbers) < 1:
        raise CommandError("--connections needs at least one number above zero")
    return numbers


def _names_from(text: str, known: tuple[str, ...], what: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names or any(name not in known for name in names):
        raise CommandError(f"--{what} takes some of {', '.join(known)}, not {text!r}")
    return names


def _names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    known = {scenario.name for scenario in SCENARIOS}
    if unknown := [name for name in names if name not in known]:
        raise CommandError(f"Unknown scenarios: {', '.join(unknown)} (known: {sorted(known)})")
    return names
