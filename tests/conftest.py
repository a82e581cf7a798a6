"""Test configuration: Qt runs offscreen, before any Qt module is imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GOJOKAI_NO_LOCK_DIALOG", "1")
