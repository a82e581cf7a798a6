"""The audit trail (監査ログ) as a hash chain, and the seals of rows written in bulk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, utcnow


class AuditEntry(Base):
    """Who changed what and when, with the values before and after (監査ログ).

    Entries form a chain: ``entry_hash`` is the SHA-256 of the entry's own content and of
    ``prev_hash`` (the previous entry's hash), so editing or deleting an entry breaks the
    chain from there on. ``row_hash`` is the hash of the whole row after the change
    (``fingerprint:hash``, the fingerprint naming the columns hashed), so a row edited
    outside the program no longer matches its last entry. Ids are handed out by the chain
    in order, without gaps.
    """

    __tablename__ = "audit_entries"
    __audited__ = False
    __table_args__ = (Index("ix_audit_entries_entity_record", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(60))
    operation: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    before_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    after_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    row_hash: Mapped[str | None] = mapped_column(String(40), nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    entry_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditHead(Base):
    """The one row that holds the end of the chain: the last id and its hash.

    Every writer reads it ``FOR UPDATE`` before appending, so two clerks on a server append
    one after the other; deleting the newest entries leaves the head pointing past them.
    ``sealed`` is false on a database from before the chain until its rows are sealed.
    """

    __tablename__ = "audit_head"
    __audited__ = False
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, default=1)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    sealed: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditSeal(Base):
    """Row hashes of rows written in bulk (demo, imports): 1,024 ids per block.

    A block holds an 8-byte hash per id of its range (id // 1024): zero bytes for an id the
    block does not cover, ``ff`` bytes for a row deleted. The entry that wrote the block
    names the digest of all its blocks, so a block edited later breaks that entry.
    """

    __tablename__ = "audit_seals"
    __audited__ = False
    __table_args__ = (UniqueConstraint("audit_id", "entity", "block"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audit_entries.id"), index=True)
    entity: Mapped[str] = mapped_column(String(60))
    block: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(16))
    hashes: Mapped[bytes] = mapped_column(LargeBinary)


class AuditColumnSet(Base):
    """Which columns a row hash covers: a table gaining a column later keeps old hashes valid."""

    __tablename__ = "audit_column_sets"
    __audited__ = False

    fingerprint: Mapped[str] = mapped_column(String(16), primary_key=True)
    entity: Mapped[str] = mapped_column(String(60))
    columns_json: Mapped[str] = mapped_column(Text)
