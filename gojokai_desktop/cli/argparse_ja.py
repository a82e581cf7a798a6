"""argparse in Japanese: usage, headings, help of -h and the errors a clerk may see.

argparse looks its messages up through the module's ``_`` and ``ngettext`` when it uses them,
so :func:`install` replaces those two with a table of the messages a user can meet
(programming errors in a parser definition stay English)."""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "show this help message and exit": "この説明を表示して終了する",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "次の引数を指定してください: %s",
    "unrecognized arguments: %s": "知らない引数です: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "%(value)r は選べません（%(choices)s から選んでください）"
    ),
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません（%(type)s）",
    "expected one argument": "値を1つ指定してください",
    "expected at most one argument": "値は1つまでです",
    "expected at least one argument": "値を1つ以上指定してください",
    "one of the arguments %s is required": "%s のどれかを指定してください",
    "not allowed with argument %s": "%s と一緒には指定できません",
    "ambiguous option: %(option)s could match %(matches)s": (
        "%(option)s はあいまいです（%(matches)s のどれか）"
    ),
    "ignored explicit argument %r": "%r は使えません（無視しました）",
    "can't open '%(filename)s': %(error)s": "'%(filename)s' を開けません: %(error)s",
    "unexpected option string: %s": "思いがけないオプションです: %s",
}


def japanese(message: str) -> str:
    return MESSAGES.get(message, message)


def japanese_n(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "値を%s個指定してください"
    return singular if n == 1 else plural


def install() -> None:
    """From now on argparse speaks Japanese (idempotent)."""
    argparse._ = japanese  # type: ignore[attr-defined]
    argparse.ngettext = japanese_n  # type: ignore[attr-defined]
