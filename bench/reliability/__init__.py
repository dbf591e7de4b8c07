"""The reliability bench (issue 12): faults survived, bad input tried, nothing lost.

``python -m bench.reliability`` runs every part at full size, prints the figures and writes
``docs/reliability.md``; ``tests/test_reliability.py`` runs the same parts small.

- :mod:`bench.reliability.fuzz`: Hypothesis-generated topics through ``wiredesk ask`` and
  signed ``/conflict`` requests; generated and damaged JSON, JSONL, CSV, RSS, Atom and HTML
  through ``wiredesk ingest``.
- :mod:`bench.reliability.crash`: ``kill -9`` at random moments of a real ``wiredesk ingest``
  subprocess, each followed by a re-run, compared with a clean run.
- :mod:`bench.reliability.feed_crash`: the same for ``wiredesk watch --once`` polling loopback
  feeds, on their first poll and once their entries were rewritten and added to.
- :mod:`bench.reliability.load`: concurrent signed ``/conflict`` requests to ``wiredesk run``
  while a large ingest runs.
- :mod:`bench.reliability.digest`: the digest over the summer-time days of five zones, with a
  fake clock.
"""
