"""Actions the crash trials run in a child process that have no command of their own.

python -m tests.crash.actions commit-batch DB     commit the draft payment batch
"""

from __future__ import annotations

import sys

from gojokai_desktop.services.benefits.batch_views import list_batches
from gojokai_desktop.services.benefits.payments import commit_batch
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.maintenance import open_database


def commit_draft_batch(db: str) -> int:
    opened = open_database(f"sqlite:///{db}", None)
    try:
        ctx = AppContext(opened.database)
        drafts = [b for b in list_batches(ctx) if b.status == "draft"]
        commit_batch(ctx, drafts[0].id)
    finally:
        opened.close()
    return 0


if __name__ == "__main__":
    action, db = sys.argv[1], sys.argv[2]
    if action != "commit-batch":
        raise SystemExit(f"unknown action {action}")
    raise SystemExit(commit_draft_batch(db))
