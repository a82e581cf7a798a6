"""PySide6 set up for this program before the rest of it is imported.

PySide6's ``__feature__`` support (``from __feature__ import snake_case``) hooks every import
made after Qt's binding is loaded and, for each new module, reads the module's whole source
with ``inspect.getsource`` to see whether it mentions PySide6. The sources stay in
``linecache``: about 1,200 files and 400,000 lines (SQLAlchemy, openpyxl, ReportLab and this
program) once every page was opened, 35 MB of the window's memory, and the reading is part
of the start. The program never uses ``__feature__``, so every module is marked as not
using it without reading it; Qt behaves the same.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

_FEATURE_MODULE = "shibokensupport.feature"


def _does_not_use_features(_module: object) -> bool:
    return False


def skip_source_scan() -> bool:
    """Mark modules imported from now on as not using ``__feature__``, without reading their
    source; True when done (False when this PySide6 has no such scan)."""
    import shiboken6  # noqa: F401  (loads the feature support)

    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6 has no module source scan to skip")
        return False
    feature._mod_uses_pyside = _does_not_use_features  # type: ignore[attr-defined]
    return True
