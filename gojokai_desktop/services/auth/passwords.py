"""Passwords stored as scrypt hashes (the standard library's ``hashlib.scrypt``), never as text."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from gojokai_desktop.domain.errors import ValidationError

# scrypt's cost: about 50 ms and 16 MB on an office PC, so guessing is slow even with the file.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32
MIN_LENGTH = 8


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$key``: the parameters travel with the hash, so they can grow later.

    ``salt`` only for the demo (the same seed gives the same database); else a random one.
    """
    salt = salt if salt is not None else secrets.token_bytes(_SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_KEY_BYTES)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` gives ``stored``; compared in constant time."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):  # a damaged hash never lets anyone in
        return False
    return hmac.compare_digest(actual, expected)


def check_new_password(password: str, login: str, field: str = "パスワード") -> str:
    """A password a clerk may choose: at least 8 characters, not the login name, not one
    character repeated."""
    if password.lower() == login.lower():
        raise ValidationError("ログイン名と同じパスワードは使えません。", field)
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"{MIN_LENGTH}文字以上にしてください（{len(password)}文字）。", field)
    if password.strip() != password:
        raise ValidationError("前後に空白を入れないでください。", field)
    if len(set(password)) == 1:
        raise ValidationError("同じ文字だけのパスワードは使えません。", field)
    return password
