"""``townsquare bench``: seed a dataset, import it, load a server, compare two runs."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from townsquare.bench import dataset, importer, report, runner
from townsquare.bench.load import SCENARIOS, WrkMissing, wrk_path
from townsquare.bench.target import TargetError, read_tokens


class Command(BaseCommand):
    help = "Benchmark harness: `seed`, `import`, `load` and `compare` (see each one's --help)."

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
        drive.add_argument("--tokens", type=Path, required=True)
        drive.add_argument("--duration", type=float, default=10.0, help="Seconds per run.")
        drive.add_argument("--warmup", type=float, default=2.0, help="Seconds of warm-up.")
        drive.add_argument("--connections", default="1,8,32")
        drive.add_argument("--scenarios", default=",".join(s.name for s in SCENARIOS))
        drive.add_argument("--hashtag", default="topic0")
        drive.add_argument("--no-fanout", action="store_true")
        drive.add_argument("--json", type=Path, help="Write the results here as JSON.")
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
        else:
            before, after = (json.loads(options[name].read_text()) for name in ("before", "after"))
            self.stdout.write(report.compare(before, after))

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


def _names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    known = {scenario.name for scenario in SCENARIOS}
    if unknown := [name for name in names if name not in known]:
        raise CommandError(f"Unknown scenarios: {', '.join(unknown)} (known: {sorted(known)})")
    return names
