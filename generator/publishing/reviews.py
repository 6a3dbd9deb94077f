"""What is true across every pack in an output folder, judged against `today`:
the index page, review-status.json and a calendar of review dates (reviews.ics).

Each is made from the markers the packs wrote when they were built, so a pack that was not
rebuilt this time (for example because it is now overdue) is still listed, with its state.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from generator import caching
from generator.checking.gates import facts_state
from generator.composing import render
from generator.publishing import output
from generator.publishing.build import built_packs
from generator.reading.model import review_warning_from


def write_summaries(out_root: Path, today: dt.date) -> list[Path]:
    """Write OUT/index.html, OUT/review-status.json and OUT/reviews.ics; return their paths."""
    with output.locked(out_root):
        packs = [_with_state(pack, today) for pack in built_packs(out_root)]
        index = out_root / "index.html"
        page = (
            render.html_environment()
            .get_template("site-index.html.j2")
            .render(packs=packs, today=today.isoformat())
        )
        output.write_atomically(index, page.encode("utf-8"))
        status = out_root / "review-status.json"
        document = json.dumps(status_document(packs, today), indent=2, ensure_ascii=False) + "\n"
        output.write_atomically(status, document.encode("utf-8"))
        calendar = out_root / "reviews.ics"
        output.write_atomically(calendar, _kept_calendar(packs, today))
    return [index, status, calendar]


def _with_state(pack: dict[str, Any], today: dt.date) -> dict[str, Any]:
    return {**pack, "state": facts_state(pack, today).value}


def status_document(packs: list[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    """Each pack's version, approval, review date and state, for dashboards and scripts."""
    return {
        "judged_on": today.isoformat(),
        "packs": [
            {
                "slug": pack["slug"],
                "organisation": pack["organisation"],
                "version": pack["version"],
                "approved": not pack["draft"],
                "approved_on": pack["approved_on"],
                "review_by": pack["review_by"],
                "status": pack["state"],
            }
            for pack in packs
        ],
    }


def _kept_calendar(packs: list[dict[str, Any]], today: dt.date) -> bytes:
    """`review_calendar`, kept in the user's cache (caching.remembered) under what it is made
    of (the packs' markers and the day), so that a build whose packs' dates are unchanged
    does without icalendar (30 ms to import)."""
    inputs = json.dumps([packs, today.isoformat()], sort_keys=True).encode("utf-8")
    return caching.remembered("calendars", inputs, lambda: review_calendar(packs, today), bytes)


def review_calendar(packs: list[dict[str, Any]], today: dt.date) -> bytes:
    """An all-day event on each review date, and one on the day its warning window opens."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//policypack//review dates//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Policy pack review dates")
    stamp = dt.datetime.combine(today, dt.time(), dt.UTC)  # fixed by --today: reproducible
    for pack in packs:
        review_by = dt.date.fromisoformat(pack["review_by"])
        warn_from = review_warning_from(review_by, pack["review_warning_days"])
        for kind, day, summary in (
            (
                "review",
                review_by,
                f"Review due: {pack['organisation']} recording policy (v{pack['version']})",
            ),
            (
                "warning",
                warn_from,
                f"Start review: {pack['organisation']} recording policy is due for review by {review_by.isoformat()}",
            ),
        ):
            event = Event()
            event.add("uid", f"{pack['slug']}-{kind}-{review_by.isoformat()}@policypack")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", summary)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()
