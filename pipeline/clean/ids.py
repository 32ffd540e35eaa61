"""A post's id: the first 16 hex digits of the sha256 of its raw bytes (one definition for
pages, WordPress API documents and text posts alike)."""

from __future__ import annotations

import hashlib


def post_id_of(content: bytes) -> str:
    """The post id: first 16 hex digits of the sha256 of the raw bytes."""
    return hashlib.sha256(content).hexdigest()[:16]
