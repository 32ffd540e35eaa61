"""Quick quality check of the clean stage over ../shared/corpus (not a test).

Per page: comments found vs index.csv's ``comments_in_html``; for trafilatura pages the
share of ``with`` segments found in body_text and of ``without`` segments leaking into it,
and of ``comments`` segments found in the comments; for scrapinghub-aeb and
mozilla-readability pages token-shingle recall/precision of body_text against the truth
text.  Prints totals at the end.

    .venv/bin/python scripts/eval_clean_quick.py [--verbose]
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import lxml.html

from pipeline.clean import clean
from pipeline.errors import CleanError
from pipeline.records import RawPage

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip().lower()


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(norm(text))
    return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 1)))


def overlap(got: str, truth: str) -> tuple[float, float]:
    g, t = shingles(got), shingles(truth)
    common = sum((g & t).values())
    return common / max(sum(t.values()), 1), common / max(sum(g.values()), 1)


def load_truth() -> tuple[dict[str, dict], dict[str, dict]]:
    traf = {v["file"]: v for v in json.loads((CORPUS / "truth/trafilatura/evaldata.json").read_text()).values()
            if isinstance(v, dict) and "file" in v}
    aeb = json.loads((CORPUS / "truth/scrapinghub-aeb/ground-truth.json").read_text())
    return traf, aeb


def main(verbose: bool) -> None:
    traf, aeb = load_truth()
    rows = list(csv.DictReader((CORPUS / "index.csv").open(encoding="utf-8")))
    tot = Counter()
    recalls: list[float] = []
    precisions: list[float] = []
    t0 = time.perf_counter()
    print(f"{'page':58} {'cm':>4}/{'exp':<4} {'with':>6} {'w/o':>6} {'cseg':>6}  title")
    for row in rows:
        path = CORPUS / row["path"]
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        name = path.name if row["source"] == "trafilatura" else (
            path.parent.name if row["source"] == "mozilla-readability" else path.name.split(".")[0])
        try:
            post = clean(RawPage(str(path), data, None, None, None))
        except CleanError as exc:
            print(f"{name[:58]:58} ERROR {exc}")
            tot["errors"] += 1
            continue
        body = norm(post.body_text)
        comments = norm(" ".join(c.text for c in post.comments))
        expected = int(row["comments_in_html"] or 0)
        tot["comments"] += len(post.comments)
        tot["expected"] += expected
        tot["pages"] += 1
        tot["exact_count"] += len(post.comments) == expected
        tot["titled"] += bool(post.title)
        tot["nonempty"] += bool(post.body_text)
        tot["widget_ok"] += (post.comment_widget or "") == row["js_only_comment_widget"]
        w = wo = cs = "-"
        if row["source"] == "trafilatura" and name in traf:
            truth = traf[name]
            hits = [norm(s) in body for s in truth.get("with", [])]
            leaks = [norm(s) in body for s in truth.get("without", [])]
            chits = [norm(s) in comments for s in truth.get("comments", [])]
            tot["with"] += sum(hits); tot["with_n"] += len(hits)
            tot["without"] += sum(leaks); tot["without_n"] += len(leaks)
            tot["cseg"] += sum(chits); tot["cseg_n"] += len(chits)
            tot["cseg_in_body"] += sum(norm(s) in body for s in truth.get("comments", []))
            w = f"{sum(hits)}/{len(hits)}"; wo = f"{sum(leaks)}/{len(leaks)}"; cs = f"{sum(chits)}/{len(chits)}"
            if verbose:
                for s, ok in zip(truth.get("with", []), hits):
                    if not ok: print("      missing:", s)
                for s, bad in zip(truth.get("without", []), leaks):
                    if bad: print("      leaked:", s)
        elif row["source"] == "scrapinghub-aeb":
            r, p = overlap(post.body_text, aeb[name]["articleBody"])
            recalls.append(r); precisions.append(p); w = f"R{r:.2f}"; wo = f"P{p:.2f}"
        elif row["source"] == "mozilla-readability":
            expected_html = (CORPUS / "truth/mozilla-readability" / name / "expected.html").read_text()
            r, p = overlap(post.body_text, lxml.html.fromstring(expected_html).text_content())
            recalls.append(r); precisions.append(p); w = f"R{r:.2f}"; wo = f"P{p:.2f}"
        flag = "" if len(post.comments) == expected else "  <-- comments"
        print(f"{name[:58]:58} {len(post.comments):>4}/{expected:<4} {w:>6} {wo:>6} {cs:>6}  {(post.title or '-')[:50]}{flag}")
    elapsed = time.perf_counter() - t0
    print()
    print(f"pages {tot['pages']}, errors {tot['errors']}, with title {tot['titled']}, non-empty body {tot['nonempty']}, "
          f"{tot['pages'] / elapsed:.1f} pages/s")
    print(f"comments found {tot['comments']} vs index.csv {tot['expected']}; pages with exact count "
          f"{tot['exact_count']}/{tot['pages']}; comment widget matches {tot['widget_ok']}/{tot['pages']}")
    print(f"trafilatura 'with' recall {tot['with']}/{tot['with_n']} = {tot['with'] / max(tot['with_n'], 1):.1%}; "
          f"'without' leaks {tot['without']}/{tot['without_n']} = {tot['without'] / max(tot['without_n'], 1):.1%}; "
          f"'comments' segments in comments {tot['cseg']}/{tot['cseg_n']}, in body {tot['cseg_in_body']}")
    if recalls:
        print(f"aeb + readability body 4-shingle recall {sum(recalls) / len(recalls):.3f}, "
              f"precision {sum(precisions) / len(precisions):.3f} (mean over {len(recalls)} pages)")


if __name__ == "__main__":
    main("--verbose" in sys.argv)
