"""Driving a server with wrk: one Lua script per scenario, tokens rotating per request.

Each request takes the next token (threads start at different offsets), so a run
touches hundreds of people's homes rather than one warm cache line. The script counts
every non-2xx answer itself (wrk alone forgives 3xx) and prints one JSON line at the
end, which is all the harness reads.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass

from townsquare.bench.target import Target

RESULT_MARK = "BENCH_RESULT "
WRK_TIMEOUT = "10s"


class WrkMissing(Exception):
    """wrk is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu) or see "
            "https://github.com/wg/wrk"
        )


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    # Lua expression for the request, with `i` (token index), `token`, `n` (a counter).
    request: str
    is_write: bool = False


AUTH = '{["Authorization"] = "Bearer " .. token}'
SCENARIOS = (
    Scenario("home", f'wrk.format("GET", "/api/v1/timelines/home", {AUTH})'),
    Scenario(
        "home_deep",
        'wrk.format("GET", "/api/v1/timelines/home?max_id=" .. deep_ids[d], '
        '{["Authorization"] = "Bearer " .. deep_tokens[d]})',
    ),
    Scenario("public_local", f'wrk.format("GET", "/api/v1/timelines/public?local=true", {AUTH})'),
    Scenario(
        "account_statuses",
        f'wrk.format("GET", "/api/v1/accounts/" .. accounts[i] .. "/statuses", {AUTH})',
    ),
    Scenario("hashtag", f'wrk.format("GET", "/api/v1/timelines/tag/" .. hashtag, {AUTH})'),
    Scenario(
        "verify_credentials", f'wrk.format("GET", "/api/v1/accounts/verify_credentials", {AUTH})'
    ),
    Scenario(
        "favourite",
        f'wrk.format("POST", "/api/v1/statuses/" .. statuses[s] .. "/favourite", {AUTH}, "")',
        is_write=True,
    ),
    Scenario(
        "create_post",
        'wrk.format("POST", "/api/v1/statuses", {["Authorization"] = "Bearer " .. token, '
        '["Content-Type"] = "application/x-www-form-urlencoded"}, '
        '"visibility=public&status=Benchmark+post+" .. offset .. "-" .. n .. "+%23benchload")',
        is_write=True,
    ),
)
FLOOR = Scenario("floor", 'wrk.format("GET", "/")')
BY_NAME = {scenario.name: scenario for scenario in (*SCENARIOS, FLOOR)}

LUA = """
local tokens = {tokens}
local accounts = {accounts}
local deep_tokens = {deep_tokens}
local deep_ids = {deep_ids}
local statuses = {statuses}
local hashtag = {hashtag}
local threads = {{}}
n = 0
offset = 0
failed = 0

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function request()
  n = n + 1
  local k = n + offset
  local i = (k % #tokens) + 1
  local d = (k % #deep_tokens) + 1
  local s = (k % #statuses) + 1
  local token = tokens[i]
  return {request}
end

function response(status, headers, body)
  if status < 200 or status > 299 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local not_2xx = 0
  for _, thread in ipairs(threads) do not_2xx = not_2xx + thread:get("failed") end
  local e = summary.errors
  io.write(string.format(
    '{mark}{{"requests":%d,"duration_us":%d,"not_2xx":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}}\\n',
    summary.requests, summary.duration, not_2xx, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True, slots=True)
class Result:
    scenario: str
    connections: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    not_2xx: int
    socket_errors: int
    # The floor's req/s measured just before and after this run, averaged (``runner``).
    floor_rps: float | None = None

    @property
    def is_ok(self) -> bool:
        return self.requests > 0 and not self.not_2xx and not self.socket_errors

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise WrkMissing
    return found


def script(scenario: Scenario, target: Target) -> str:
    """The Lua script for one scenario against ``target``."""
    deep = [person for person in target.people if person.deep_max_id] or target.people[:1]
    return LUA.format(
        tokens=_lua([person.token for person in target.people]),
        accounts=_lua([person.account_id for person in target.people]),
        deep_tokens=_lua([person.token for person in deep]),
        deep_ids=_lua([person.deep_max_id or "0" for person in deep]),
        statuses=_lua(target.status_ids),
        hashtag=_lua_string(target.hashtag),
        request=scenario.request,
        mark=RESULT_MARK,
    )


def run_wrk(
    scenario: Scenario, target: Target, *, url: str, connections: int, seconds: float
) -> Result:
    """One wrk run; a run wrk could not finish counts as all errors."""
    threads = max(1, min(2, connections))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", encoding="utf-8") as lua:
        lua.write(script(scenario, target))
        lua.flush()
        command = [
            wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
            f"--timeout={WRK_TIMEOUT}", "-s", lua.name, url,
        ]  # fmt: skip
        finished = subprocess.run(  # noqa: S603 (our own command line)
            command, capture_output=True, text=True, check=False, timeout=seconds + 60
        )
    for line in finished.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            raw = json.loads(line.removeprefix(RESULT_MARK))
            duration = raw["duration_us"] / 1e6 or 1.0
            return Result(
                scenario=scenario.name,
                connections=connections,
                requests=raw["requests"],
                seconds=round(duration, 2),
                rps=round(raw["requests"] / duration, 1),
                p50_ms=raw["p50_us"] / 1000,
                p90_ms=raw["p90_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                max_ms=raw["max_us"] / 1000,
                not_2xx=raw["not_2xx"],
                socket_errors=raw["socket_errors"],
            )
    raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip()[:500]}")


def _lua(values: list[str]) -> str:
    return "{" + ", ".join(_lua_string(value) for value in values) + "}"


def _lua_string(value: str) -> str:
    # JSON string escapes are valid Lua escapes for the characters tokens and ids use.
    return json.dumps(value)
