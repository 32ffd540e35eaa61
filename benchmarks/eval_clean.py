"""How well blogrx cleans real pages, side by side with trafilatura, against the corpus truth.

    python benchmarks/eval_clean.py [CORPUS_DIR] [--write-baseline FILE]      (make eval-clean)

Over ../shared/corpus (see its SOURCES.md), in one process, on the same pages:

main text, per truth format
  trafilatura eval  segments that must appear ("with") and must not ("without"): a "with"
                    segment found is a true positive, missed a false negative, a "without"
                    segment found a false positive; precision, recall, F1 over all pages
  scrapinghub-aeb   word 4-gram overlap with the truth articleBody, per page, averaged
  readability       word 4-gram overlap with the text of expected.html, per page, averaged
comments
  blogrx: found (vs index.csv), with an author, with a date, replies with their parent;
  both: share of the trafilatura truth's comment segments found in the comment text.

blogrx is run with its defaults (against the trafilatura truth, which counts image captions
as text that must not appear, blogrx's caption blocks are left out: it keeps them on purpose; and
blogrx is compared with the truth's e-mail addresses replaced by the placeholder it stores for
every address, a privacy rule rather than a cleaning error); trafilatura with ``extract(html, include_comments=False)`` for the main text and
``extract(html, include_comments=True)`` for its comment text.  The blogrx scores can be
pinned in a baseline file that tests/clean/test_eval_clean.py enforces.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from pipeline.clean import clean
from pipeline.clean.emails import scrub_emails
from pipeline.errors import PipelineError
from pipeline.records import CleanPost, RawPage

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FORMATS = ("trafilatura", "scrapinghub-aeb", "mozilla-readability")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(a, b)
    return _WS.sub(" ", text).strip().lower()


def _grams(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(norm(text))
    return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 1)))


def overlap(got: str, truth: str) -> tuple[float, float]:
    """(precision, recall) of got's word 4-grams against truth's."""
    g, t = _grams(got), _grams(truth)
    common = sum((g & t).values())
    return common / max(sum(g.values()), 1), common / max(sum(t.values()), 1)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Counts and per-page overlaps for one extractor."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    overlaps: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: {f: [] for f in FORMATS[1:]})
    comment_segments: int = 0
    comment_segments_found: int = 0
    errors: int = 0

    def table(self) -> dict[str, dict[str, float]]:
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        out = {"trafilatura": {"precision": p, "recall": r, "f1": f1(p, r)}}
        for fmt, pairs in self.overlaps.items():
            mp = sum(x for x, _ in pairs) / max(len(pairs), 1)
            mr = sum(y for _, y in pairs) / max(len(pairs), 1)
            out[fmt] = {"precision": mp, "recall": mr, "f1": sum(f1(x, y) for x, y in pairs) / max(len(pairs), 1)}
        return out


@dataclass
class CommentCounts:
    expected: int = 0
    found: int = 0
    people: int = 0          # found, less pingbacks and trackbacks
    with_author: int = 0
    with_date: int = 0
    replies: int = 0
    replies_with_parent: int = 0
    pages_with_comments: int = 0
    pages_at_95: int = 0
    invented_on: list[str] = field(default_factory=list)
    widgets_expected: int = 0
    widgets_flagged: int = 0


def load_pages(corpus: Path) -> list[dict]:
    rows = list(csv.DictReader((corpus / "index.csv").open(encoding="utf-8")))
    traf = {v["file"]: v for v in json.loads((corpus / "truth/trafilatura/evaldata.json").read_text()).values()
            if isinstance(v, dict) and "file" in v}
    aeb = json.loads((corpus / "truth/scrapinghub-aeb/ground-truth.json").read_text())
    pages = []
    for row in rows:
        path = corpus / row["path"]
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        source = row["source"]
        if source == "trafilatura":
            truth = traf.get(path.name)
        elif source == "scrapinghub-aeb":
            truth = aeb.get(path.name.split(".")[0], {}).get("articleBody")
        else:
            expected = corpus / "truth/mozilla-readability" / path.parent.name / "expected.html"
            truth = lxml.html.fromstring(expected.read_text(encoding="utf-8")).text_content()
        pages.append({"row": row, "path": path, "data": data, "source": source, "truth": truth})
    return pages


def score_text(scores: Scores, page: dict, body: str, comment_text: str | None) -> None:
    truth = page["truth"]
    if truth is None:
        return
    if page["source"] == "trafilatura":
        got = norm(body)
        for segment in truth.get("with", []):
            if norm(segment) in got:
                scores.tp += 1
            else:
                scores.fn += 1
        scores.fp += sum(norm(s) in got for s in truth.get("without", []))
        if comment_text is not None:
            segments = truth.get("comments", [])
            scores.comment_segments += len(segments)
            scores.comment_segments_found += sum(norm(s) in norm(comment_text) for s in segments)
    else:
        scores.overlaps[page["source"]].append(overlap(body, truth))


def count_comments(counts: CommentCounts, page: dict, post: CleanPost | None, name: str) -> None:
    expected = int(page["row"]["comments_in_html"] or 0)
    counts.expected += expected
    widget = page["row"]["js_only_comment_widget"]
    counts.widgets_expected += bool(widget)
    if post is None:
        return
    counts.widgets_flagged += bool(widget) and post.comment_widget == widget
    found = post.comments
    counts.found += len(found)
    people = [c for c in found if c.kind == "comment"]     # pingbacks have no author or date of their own
    counts.people += len(people)
    counts.with_author += sum(bool(c.author) for c in people)
    counts.with_date += sum(c.published is not None for c in people)
    replies = [c for c in found if c.depth > 0]
    counts.replies += len(replies)
    counts.replies_with_parent += sum(c.parent_id is not None for c in replies)
    if expected:
        counts.pages_with_comments += 1
        counts.pages_at_95 += len(found) >= 0.95 * expected
    elif found:
        counts.invented_on.append(name)


def evaluate_blogrx(pages: list[dict]) -> tuple[Scores, CommentCounts]:
    scores, counts = Scores(), CommentCounts()
    for page in pages:
        try:
            post = clean(RawPage(str(page["path"]), page["data"], None, None, None))
        except PipelineError:
            scores.errors += 1
            post = None
        body = post.body_text if post else ""
        if post and page["source"] == "trafilatura":
            # that truth marks image captions as text that must not appear; blogrx keeps them
            # (as caption blocks) on purpose, so they are left out of this one comparison
            body = "\n\n".join(b.text for b in post.blocks if b.kind != "caption")
        comments = " ".join(c.text for c in post.comments) if post else ""
        score_text(scores, {**page, "truth": _addresses_as_stored(page["truth"])}, body, comments)
        count_comments(counts, page, post, page["row"]["path"])
    return scores, counts


def _addresses_as_stored(truth: object) -> object:
    """The truth with its e-mail addresses as blogrx stores every address: the placeholder."""
    if isinstance(truth, str):
        return scrub_emails(truth)
    if isinstance(truth, dict):
        return {k: [scrub_emails(x) for x in v] if isinstance(v, list) else v for k, v in truth.items()}
    return truth


def evaluate_trafilatura(pages: list[dict]) -> Scores:
    import trafilatura

    scores = Scores()
    for page in pages:
        html = page["data"].decode("utf-8", errors="replace")
        body = trafilatura.extract(html, include_comments=False) or ""
        with_comments = trafilatura.extract(html, include_comments=True) or ""
        score_text(scores, page, body, with_comments[len(body):] if with_comments.startswith(body) else with_comments)
    return scores


def blogrx_baseline(scores: Scores, counts: CommentCounts) -> dict[str, float]:
    """The figures the quality gate pins (all of them: higher is better)."""
    flat = {f"{fmt}.{k}": round(v, 4) for fmt, row in scores.table().items() for k, v in row.items()}
    flat.update({
        "comments.found_share": round(counts.found / max(counts.expected, 1), 4),
        "comments.with_author_share": round(counts.with_author / max(counts.people, 1), 4),
        "comments.with_date_share": round(counts.with_date / max(counts.people, 1), 4),
        "comments.replies_with_parent_share": round(counts.replies_with_parent / max(counts.replies, 1), 4),
        "comments.pages_at_95_share": round(counts.pages_at_95 / max(counts.pages_with_comments, 1), 4),
        "comments.segments_found_share": round(scores.comment_segments_found / max(scores.comment_segments, 1), 4),
        "widgets.flagged_share": round(counts.widgets_flagged / max(counts.widgets_expected, 1), 4),
    })
    return flat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--write-baseline", type=Path, help="pin blogrx's scores in this JSON file")
    args = parser.parse_args(argv)
    if not (args.corpus / "index.csv").is_file():
        print(f"eval-clean: {args.corpus}: no corpus there (../shared/corpus is needed beside the repo)",
              file=sys.stderr)
        return 2
    pages = load_pages(args.corpus)
    ours, counts = evaluate_blogrx(pages)
    theirs = evaluate_trafilatura(pages)
    print(f"{len(pages)} pages from {args.corpus}; blogrx errors: {ours.errors}\n")
    print(f"{'main text':22} {'':>6} {'blogrx':>8} {'trafilatura':>12}")
    a, b = ours.table(), theirs.table()
    for fmt in FORMATS:
        for k in ("precision", "recall", "f1"):
            mark = "  <" if k == "f1" and a[fmt][k] < b[fmt][k] else ""
            print(f"{fmt:22} {k:>9} {a[fmt][k]:8.3f} {b[fmt][k]:12.3f}{mark}")
    print(f"\n{'comments':44} {'blogrx':>8} {'trafilatura':>12}")
    print(f"{'expected (index.csv)':44} {counts.expected:8d} {'-':>12}")
    print(f"{'found':44} {counts.found:8d} {'(flat text)':>12}")
    print(f"{'  of them by people (not pingbacks)':44} {counts.people:8d} {'-':>12}")
    print(f"{'    with author':44} {counts.with_author:8d} {0:12d}")
    print(f"{'    with date':44} {counts.with_date:8d} {0:12d}")
    print(f"{'  replies with their parent':44} {counts.replies_with_parent:5d}/{counts.replies:<3d} {0:12d}")
    print(f"{'pages with >= 95% of their comments':44} {counts.pages_at_95:5d}/{counts.pages_with_comments:<3d} {'-':>12}")
    print(f"{'truth comment segments found':44} {ours.comment_segments_found:5d}/{ours.comment_segments:<3d} "
          f"{theirs.comment_segments_found:8d}/{theirs.comment_segments:<3d}")
    print(f"{'script-only widgets flagged':44} {counts.widgets_flagged:5d}/{counts.widgets_expected:<3d} {'-':>12}")
    print(f"{'pages with comments invented':44} {len(counts.invented_on):8d}")
    if args.write_baseline:
        args.write_baseline.write_text(json.dumps(blogrx_baseline(ours, counts), indent=2, sort_keys=True) + "\n")
        print(f"\nbaseline written to {args.write_baseline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
