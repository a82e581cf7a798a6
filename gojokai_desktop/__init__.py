"""gojokai_desktop: the office program of municipal mutual-aid societies (勤労者互助会)."""

__version__ = "0.1.0"
APP_NAME = "gojokai_desktop"
APP_TITLE = "互助会事務システム"
