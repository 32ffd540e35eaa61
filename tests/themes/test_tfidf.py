"""pipeline/tfidf.py gives scikit-learn's TfidfVectorizer matrices and terms, bit for bit, on the
terms the themes read from comments."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.sources import read_page
from pipeline.tfidf import Tfidf
from pipeline.themes import MIN_POST_COMMENTS, load_vocabulary
from tests.support.cleaning import clean_bytes
from tests.support.paths import corpus_pages


def given(terms):
    return terms


def assert_same_matrix(mine, theirs) -> None:
    """Same shape, same values, in the same order in each row (a dot product adds them in that order)."""
    assert type(mine) is type(theirs)
    assert mine.shape == theirs.shape
    assert np.array_equal(mine.indptr, theirs.indptr)
    assert np.array_equal(mine.indices, theirs.indices) and mine.indices.dtype == theirs.indices.dtype
    assert np.array_equal(mine.data, theirs.data)


def assert_same_as_scikit_learn(documents: list[tuple[str, ...]], min_df: int, max_df: float,
                                others: list[tuple[str, ...]]) -> bool:
    """Fit both on ``documents``, place ``documents`` and ``others``; False when both refuse the fit."""
    theirs = TfidfVectorizer(analyzer=given, min_df=min_df, max_df=max_df, sublinear_tf=True)
    mine = Tfidf(min_df=min_df, max_df=max_df)
    try:
        expected = theirs.fit_transform(documents)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc).split(";")[0].split(".")[0]):
            mine.fit_transform(documents)
        return False
    assert_same_matrix(mine.fit_transform(documents), expected)
    assert mine.terms() == list(theirs.get_feature_names_out())
    assert_same_matrix(mine.transform(documents), theirs.transform(documents))     # the fitted ones: counted once
    assert_same_matrix(mine.transform(documents[::-1]), theirs.transform(documents[::-1]))   # counted
    assert_same_matrix(mine.transform(others), theirs.transform(others))
    return True


def test_the_themes_rows_are_scikit_learns_on_every_corpus_thread():
    pages = corpus_pages()
    if not pages:
        pytest.skip("third-party corpus not found (../shared is absent beside the repo)")
    vocabulary = load_vocabulary()
    threads = [[tuple(vocabulary.terms(c.text)) for c in post.comments if c.kind == "comment"]
               for path in pages for post in [clean_bytes(read_page(path).content, path=str(path))]]
    threads = [t for t in threads if len(t) >= MIN_POST_COMMENTS]
    assert len(threads) >= 10
    fitted = 0
    for n, documents in enumerate(threads):
        others = threads[(n + 1) % len(threads)]
        for min_df, max_df in ((1, 1.0), (2, 0.5)):     # the themes' two settings (under and from 20 comments)
            fitted += assert_same_as_scikit_learn(documents, min_df, max_df, others)
    assert fitted >= 20


def test_terms_in_every_comment_or_in_none_are_refused_as_scikit_learn_refuses_them():
    assert not assert_same_as_scikit_learn([(), (), ()], 1, 1.0, [])                    # no term at all
    assert not assert_same_as_scikit_learn([("knee", "pain")] * 30, 2, 0.5, [])        # all in every comment
    assert not assert_same_as_scikit_learn([(f"w{i}",) for i in range(30)], 2, 0.5, [])  # none in two


def test_repeated_terms_and_terms_never_seen_when_placing():
    documents = [("knee", "knee", "knee", "squat"), ("squat", "band"), ("band", "knee"), ("hip",)]
    assert assert_same_as_scikit_learn(documents, 1, 1.0, [("knee", "novel", "novel"), (), ("hip", "hip")])
