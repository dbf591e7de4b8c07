"""`wiredesk sources list` as text: one block per source, problems first in line."""

from __future__ import annotations

from datetime import datetime

from newsroom.counts import count
from newsroom.wire.targets import format_every
from newsroom.wire.watch import Health


def render_sources(found: list[Health]) -> str:
    """Each source: id, kind, name, interval, last attempt and success, entries, error, due."""
    if not found:
        return "No sources yet: add one with `wiredesk sources add URL` (or --folder PATH)."
    return "\n".join(source_lines(health) for health in found)


def source_lines(health: Health) -> str:
    """Two or three lines about one source."""
    source = health.source
    head = f"{source.id:>3}  {source.kind:<6} {source.label}"
    if source.name and source.name != source.target:
        head += f"  <{source.target}>"
    if source.kind == "slack":
        details = (
            f"messages arrive as events; {source.entries_added:,} added"
            + (f", {source.entries_updated:,} edited" if source.entries_updated else "")
            + f"; last message {_when(source.last_new)}"
            + ("; paused" if source.paused else "")
        )
    else:
        details = (
            f"every {format_every(source.every)}; last attempt {_when(source.last_attempt)};"
            f" last success {_when(source.last_success)};"
            f" {count(source.entries_added, 'entry', 'entries')} added"
            + (f", {source.entries_updated:,} updated" if source.entries_updated else "")
            + (f", {source.rejected:,} rejected" if source.rejected else "")
            + f"; {_due(health)}"
        )
    lines = [head, f"     {details}"]
    if source.last_error and not any("fail" in p for p in health.problems):
        lines.append(f"     last error: {source.last_error}")
    lines += [f"     ! {problem}" for problem in health.problems]
    return "\n".join(lines)


def _when(value: str | None) -> str:
    if not value:
        return "never"
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M:%S UTC")


def _due(health: Health) -> str:
    if health.next_in is None:
        return "paused" if health.source.paused else "not polled"
    if health.next_in <= 0:
        return "due now"
    seconds = health.next_in
    shown = f"{seconds:.0f}s" if seconds < 90 else f"{seconds / 60:.0f}m"
    return f"next in {shown}"
