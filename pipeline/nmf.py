"""scikit-learn's NMF (coordinate descent, Frobenius loss, no regularisation), without its per-call checks.

One promise: :func:`fit` and :func:`transform` return the same W and H, bit for bit, as
``NMF(n_components=k, init="custom", max_iter=m, random_state=0).fit_transform(X, W=W0, H=H0)``
and that model's ``transform(X)``, for a CSR matrix of float64 (``tests/test_themes.py`` holds
them to it on every thread of the corpus).  They run the same loop over scikit-learn's own
coordinate update (``_update_cdnmf_fast``), on the same operands in the same order.

Why: the themes fit one small model per comment thread, and on a thread of a few dozen
comments scikit-learn's checks around the loop (of the estimator's parameters, of every
array, for data frames) and a new transposed matrix at each of up to ``max_iter`` iterations
cost more than the arithmetic.  Here ``X.T`` is made once, and nothing is checked that the
themes' own code does not guarantee (a finite, non-negative float64 CSR matrix; W0 and H0 of
the right shapes and dtype).
"""

from __future__ import annotations

import numpy as np

__all__ = ["fit", "transform", "TOL"]

TOL = 1e-4      # NMF's default tolerance of the stopping condition


def fit(x, w0: np.ndarray, h0: np.ndarray, max_iter: int, tol: float = TOL) -> tuple[np.ndarray, np.ndarray]:
    """(W, H) from the starting W0 and H0: ``NMF.fit_transform(x, W=w0, H=h0)`` and its ``components_``.
    ``w0`` is updated in place, as scikit-learn does with a C-ordered W."""
    w, h, _ = _coordinate_descent(x, w0, h0, max_iter, tol, update_h=True)
    return w, h


def transform(x, h: np.ndarray, max_iter: int, tol: float = TOL) -> np.ndarray:
    """W for fixed components ``h``: a fitted ``NMF``'s ``transform(x)``, whose W starts at zero."""
    w, _, _ = _coordinate_descent(x, np.zeros((x.shape[0], h.shape[0]), dtype=x.dtype), h, max_iter, tol,
                                  update_h=False)
    return w


def _coordinate_descent(x, w, h, max_iter: int, tol: float, update_h: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """scikit-learn's ``_fit_coordinate_descent`` with no regularisation and no shuffling."""
    from sklearn.decomposition._cdnmf_fast import _update_cdnmf_fast

    w = np.ascontiguousarray(w)
    ht = np.ascontiguousarray(h.T)
    xt = x.T if update_h else None          # the same transposed matrix scikit-learn makes at each iteration
    order = np.arange(w.shape[1], dtype=np.intp)
    violation_init = 0.0
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        violation = 0.0
        violation += _update_cdnmf_fast(w, np.dot(ht.T, ht), x @ ht, order)
        if update_h:
            violation += _update_cdnmf_fast(ht, np.dot(w.T, w), xt @ w, order)
        if n_iter == 1:
            violation_init = violation
        if violation_init == 0:
            break
        if violation / violation_init <= tol:
            break
    return w, ht.T, n_iter
