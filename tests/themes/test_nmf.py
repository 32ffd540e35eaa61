"""pipeline/nmf.py gives scikit-learn's NMF results, bit for bit, on the matrices the themes make."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from pipeline import nmf
from pipeline.sources import read_page
from pipeline.themes import MIN_POST_COMMENTS, load_vocabulary
from tests.support.cleaning import clean_bytes
from tests.support.paths import corpus_pages

MAX_ITER = 600


def starts(x, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """W0 and H0 as the themes make them: small noise in H0, W0 from x and H0."""
    rng = np.random.default_rng(seed)
    h0 = rng.uniform(0.0, 0.01, size=(k, x.shape[1]))
    h0[np.arange(k), rng.integers(0, x.shape[1], size=k)] += 1.0
    return np.maximum(np.asarray(x @ h0.T), 1e-4), h0


def assert_same_as_scikit_learn(x, k: int, seed: int = 0) -> None:
    w0, h0 = starts(x, k, seed)
    model = NMF(n_components=k, init="custom", max_iter=MAX_ITER, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # convergence notes on tiny matrices
        expected_w = model.fit_transform(x, W=w0.copy(), H=h0.copy())
        expected_placed = model.transform(x)
    w, h = nmf.fit(x, w0.copy(), h0.copy(), MAX_ITER)
    assert np.array_equal(w, expected_w)
    assert np.array_equal(h, model.components_)
    assert np.array_equal(nmf.transform(x, h, MAX_ITER), expected_placed)


@pytest.mark.parametrize("shape,k", [((12, 40), 2), ((30, 120), 5), ((80, 300), 6), ((5, 9), 1)])
def test_fit_and_transform_give_scikit_learns_w_and_h_on_random_sparse_matrices(shape, k):
    x = sp.random(*shape, density=0.15, random_state=np.random.default_rng(sum(shape)), format="csr")
    assert_same_as_scikit_learn(normalize(x, norm="l2", axis=1), k, seed=k)


def test_fit_and_transform_give_scikit_learns_w_and_h_on_every_corpus_thread():
    pages = corpus_pages()
    if not pages:
        pytest.skip("third-party corpus not found (../shared is absent beside the repo)")
    vocabulary = load_vocabulary()
    threads = 0
    for path in pages:
        post = clean_bytes(read_page(path).content, path=str(path))
        texts = [c.text for c in post.comments if c.kind == "comment"]
        if len(texts) < MIN_POST_COMMENTS:
            continue
        try:
            x = TfidfVectorizer(analyzer=vocabulary.terms, sublinear_tf=True).fit_transform(texts)
        except ValueError:      # nothing but stop words
            continue
        x = normalize(x, norm="l2", axis=1)
        assert_same_as_scikit_learn(x, min(4, x.shape[0] - 1, x.shape[1]), seed=len(texts))
        threads += 1
    assert threads >= 10
