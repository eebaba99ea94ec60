"""The posting ramp's client: posts at a rate, spread over the server's web processes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from townsquare.bench import backlog
from townsquare.bench.target import Person, Target


@contextmanager
def counting_server(counts: dict[str, int], name: str) -> Iterator[str]:
    """A server that answers every POST 200 and counts them under ``name``."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                counts[name] = counts.get(name, 0) + 1
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_posting_at_a_rate_spreads_over_every_web_process() -> None:
    counts: dict[str, int] = {}
    people = [Person(token=f"t{n}", account_id=str(n), followers=1) for n in range(3)]
    with counting_server(counts, "first") as first, counting_server(counts, "second") as second:
        target = Target(first, people, ["1"], "topic0", also=(second,))
        tally = backlog._post_until(target, 40, threading.Event(), seconds=0.5)
    assert tally == {"ok": 20, "failed": 0}
    assert counts == {"first": 10, "second": 10}


def test_one_web_process_takes_every_post() -> None:
    counts: dict[str, int] = {}
    people = [Person(token="t", account_id="1", followers=1)]
    with counting_server(counts, "only") as only:
        tally = backlog._post_until(Target(only, people, ["1"], "topic0"), 20, threading.Event(),
                                    seconds=0.5)  # fmt: skip
    assert tally == {"ok": 10, "failed": 0} and counts == {"only": 10}
