"""The scrape manifest: one JSON line per fetch, appended and synced, the latest line per URL wins.

A scrape killed at any moment leaves a manifest whose complete lines are all true: a page's
file is moved into place before its line is written, and a torn last line is ignored.  The
next run reads the manifest to skip what is done and to send conditional requests.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import SourceError

MANIFEST = "manifest.jsonl"


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """What one URL gave: where it ended, what came back, and where the page was stored."""

    url: str                     # the URL asked for
    final_url: str | None        # after redirects
    status: int | None           # HTTP status of the last response; None when none came
    fetched_at: str              # ISO 8601 UTC time of the fetch
    etag: str | None
    last_modified: str | None
    sha256: str | None           # of the stored body (decoded, before our gzip)
    content_type: str | None
    bytes: int | None            # body size, decoded
    path: str | None             # stored file, relative to the manifest's folder
    kind: str                    # "page", "wordpress-post", "sitemap"
    attempts: int                # requests made for it, retries included
    error: str | None            # why it failed, in one line; None when it did not

    @property
    def ok(self) -> bool:
        return self.error is None and self.status in (200, 304) and self.path is not None


class Manifest:
    """Append-only JSONL beside the pages it describes; safe to share between threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / MANIFEST
        self._lock = threading.Lock()
        self.latest: dict[str, FetchRecord] = read_manifest(self.path)

    def add(self, record: FetchRecord) -> None:
        line = json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
            self.latest[record.url] = record

    def done(self, url: str) -> FetchRecord | None:
        """The URL's last successful fetch whose file is still there, else None."""
        record = self.latest.get(url)
        if record is not None and record.ok and (self.folder / record.path).is_file():
            return record
        return None


def read_manifest(path: Path) -> dict[str, FetchRecord]:
    """The latest record per URL; a torn or foreign line is skipped, a missing file is empty."""
    latest: dict[str, FetchRecord] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return latest
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"cannot read the scrape manifest ({exc})") from exc
    fields = set(FetchRecord.__dataclass_fields__)
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue                      # the torn last line of a killed run
        if isinstance(row, dict) and fields <= set(row):
            latest[row["url"]] = FetchRecord(**{k: row[k] for k in fields})
    return latest
