"""Reading statistics from the decision log and the library: flow per week, backlog, delays, tags.

A paper arrives when it entered the library (papers.added) and is triaged at its first
logged decision (any action: a star, a tag and a note are decisions too).
"""

from __future__ import annotations

import math
import sqlite3
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta

AGE_BUCKETS = (
    (7, "under a week old"),
    (30, "1-4 weeks old"),
    (91, "1-3 months old"),
    (None, "older"),
)


@dataclass(frozen=True)
class Week:
    """One ISO week (starting Monday): papers that arrived, papers first triaged."""

    start: str  # YYYY-MM-DD, a Monday
    arrived: int
    triaged: int


@dataclass(frozen=True)
class TagReading:
    """Papers carrying a tag (trash aside) and how many of them are read."""

    tag: str
    papers: int
    read: int


@dataclass(frozen=True)
class Stats:
    """Everything `reader stats` and the statistics window show."""

    weeks: list[Week]
    backlog: int  # papers in the Inbox now
    backlog_ages: dict[str, int]  # label of AGE_BUCKETS -> papers
    oldest_days: float | None  # age of the oldest Inbox paper
    decided: int  # papers with a decision (whose arrival is known)
    median_days: float | None  # arrival to first decision
    p90_days: float | None
    tags: list[TagReading] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """A plain dict for --json."""
        return asdict(self)


def _parse(stamp: str) -> datetime:
    value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _monday(moment: datetime) -> date:
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def _nearest_rank(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _weeks(arrivals: list[datetime], firsts: list[datetime], now: datetime, n: int) -> list[Week]:
    this = _monday(now)
    starts = [this - timedelta(weeks=k) for k in range(n - 1, -1, -1)]
    arrived = dict.fromkeys(starts, 0)
    triaged = dict.fromkeys(starts, 0)
    for moment in arrivals:
        if (week := _monday(moment)) in arrived:
            arrived[week] += 1
    for moment in firsts:
        if (week := _monday(moment)) in triaged:
            triaged[week] += 1
    return [Week(s.isoformat(), arrived[s], triaged[s]) for s in starts]


def _backlog(conn: sqlite3.Connection, now: datetime) -> tuple[dict[str, int], float | None]:
    rows = conn.execute(
        "SELECT p.added FROM papers p JOIN paper_state s ON s.paper_id = p.id "
        "WHERE s.status = 'new' AND s.trashed = 0"
    )
    ages = [(now - _parse(r[0])).total_seconds() / 86400 for r in rows]
    buckets = {label: 0 for _, label in AGE_BUCKETS}
    for age in ages:
        label = next(lab for lim, lab in AGE_BUCKETS if lim is None or age < lim)
        buckets[label] += 1
    return buckets, (max(ages) if ages else None)


def _tags(conn: sqlite3.Connection) -> list[TagReading]:
    rows = conn.execute(
        "SELECT t.name, count(*), sum(s.status = 'read') FROM paper_tags pt "
        "JOIN tags t ON t.id = pt.tag_id JOIN paper_state s ON s.paper_id = pt.paper_id "
        "WHERE s.trashed = 0 GROUP BY t.id ORDER BY count(*) DESC, t.name COLLATE NOCASE"
    )
    return [TagReading(r[0], int(r[1]), int(r[2] or 0)) for r in rows]


def reading_stats(conn: sqlite3.Connection, now: datetime | None = None, weeks: int = 12) -> Stats:
    """The statistics as of `now` (default: the current time), over the last `weeks`."""
    now = now or datetime.now(UTC)
    arrivals = {int(r[0]): _parse(r[1]) for r in conn.execute("SELECT id, added FROM papers")}
    firsts = {
        int(r[0]): _parse(r[1])
        for r in conn.execute("SELECT paper_id, min(at) FROM decisions GROUP BY paper_id")
    }
    delays = [
        max(0.0, (firsts[pid] - arrivals[pid]).total_seconds() / 86400)
        for pid in firsts.keys() & arrivals.keys()
    ]
    ages, oldest = _backlog(conn, now)
    return Stats(
        weeks=_weeks(list(arrivals.values()), list(firsts.values()), now, weeks),
        backlog=sum(ages.values()),
        backlog_ages=ages,
        oldest_days=oldest,
        decided=len(delays),
        median_days=statistics.median(delays) if delays else None,
        p90_days=_nearest_rank(delays, 0.9),
        tags=_tags(conn),
    )
