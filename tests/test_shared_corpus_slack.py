"""The reference use over Slack: the seed live blog, then `/conflict Lysychansk` over real HTTP.

Skipped when ../shared/data is absent. The answer must list the same items as
`wiredesk ask Lysychansk --json`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from tests.conftest import SHARED_DATA, needs_shared_data
from tests.support import slack_app
from tests.support.slack_app import Desk, item_ids, texts

pytestmark = needs_shared_data

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk


def test_conflict_lysychansk_over_http_matches_the_cli(
    serve_desk: Callable[[Path], Desk], tmp_path: Path
) -> None:
    db = tmp_path / "seed.db"
    runner = CliRunner()
    ingested = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "ingest",
            str(SHARED_DATA / "seed-live-blog.txt"),
            "--source",
            "Live blog",
            "--published",
            "2022-07-03T12:00:00Z",
        ],
    )
    assert ingested.exit_code == 0, ingested.output
    cli_answer = json.loads(
        runner.invoke(cli, ["--db", str(db), "ask", "Lysychansk", "--json"]).stdout
    )

    answer = serve_desk(db).answer("Lysychansk")

    assert answer["response_type"] == "ephemeral"
    assert item_ids(answer) == [item["id"] for item in cli_answer["items"]]
    shown = "\n".join(texts(answer))
    assert "Russia claims it has taken full control of Lysychansk" in shown
    assert "has denied the claims" in shown
    assert shown.count(":warning: *DISPUTED*") >= 2
    for other_story in ("Belgorod", "Lukashenko", "Kremenchuk", "Berlin"):
        assert other_story not in shown
