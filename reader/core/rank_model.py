"""A linear model of taste: L2 logistic regression on tf-idf rows, fitted with numpy alone."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reader.core.rank_text import SparseRows, describe, features, kind_of

L2 = 1e-2  # ridge strength per decision; small libraries need it, large ones barely feel it
ITERATIONS = 150  # at most; accelerated gradient steps
TOLERANCE = 1e-3  # stop once a step moves the weights by less than this share of their size
KEEP_WEIGHTS = 4000  # the largest weights kept in the stored model (explanations need no more)


def fit_logistic(
    x: SparseRows, y: np.ndarray, *, l2: float = L2, iterations: int = ITERATIONS
) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the class-balanced logistic loss plus l2/2 |w|^2.

    Nesterov's accelerated gradient with the step 1/L, L bounded by the power method on
    X^T X: no line search, 2 sparse products per step, stopped when the weights settle.
    """
    n = len(y)
    sign = np.where(y > 0, 1.0, -1.0)
    pos = max(int((y > 0).sum()), 1)
    neg = max(n - pos, 1)
    weight = np.where(y > 0, n / (2 * pos), n / (2 * neg)) / n  # each class counts half
    lip = 0.25 * _top_eigen(x, weight) + l2 + 0.25
    w = np.zeros(x.n_cols)
    b = 0.0
    w_prev, b_prev = w.copy(), b
    for k in range(1, iterations + 1):
        mom = (k - 1) / (k + 2)
        vw, vb = w + mom * (w - w_prev), b + mom * (b - b_prev)
        margin = sign * (x.matvec(vw) + vb)
        r = -sign * weight * _sigmoid(-margin)
        w_prev, b_prev = w, b
        w = vw - (x.rmatvec(r) + l2 * vw) / lip
        b = vb - float(r.sum()) / lip
        if k % 10 == 0 and np.linalg.norm(w - w_prev) <= TOLERANCE * np.linalg.norm(w):
            break
    return w, b


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * z))


def _top_eigen(x: SparseRows, weight: np.ndarray, steps: int = 12) -> float:
    v = np.ones(x.n_cols) / np.sqrt(max(x.n_cols, 1))
    value = 1.0
    for _ in range(steps):
        u = x.rmatvec(weight * x.matvec(v))
        value = float(np.linalg.norm(u))
        if value == 0:
            return 1.0
        v = u / value
    return value * 1.05


@dataclass(frozen=True)
class Reason:
    """One thing that pushed a paper up: a word, an author or a category, and by how much."""

    text: str
    kind: str  # word, author, category
    weight: float


@dataclass
class Model:
    """A trained ranking: who it is for, what it learned and what it was trained on."""

    name: str  # "for-you" or "tag:<name>"
    trained_at: str
    positives: int
    negatives: int
    signature: str  # the decisions and library it was trained on (stale when it differs)
    bias: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    needs: str | None = None  # why it does not rank yet ("needs 3 more liked papers")
    train_seconds: float = 0.0

    @property
    def ready(self) -> bool:
        """True when it ranks (enough decisions of both kinds)."""
        return self.needs is None

    def reasons(
        self, title: str, abstract: str, authors: list[str], categories: list[str], top: int = 4
    ) -> list[Reason]:
        """The features of this paper that pushed it up most, biggest first.

        Computed from the paper's own text, so every reason occurs in the paper.
        """
        counts: dict[str, int] = {}
        for tok in features(title, abstract, authors, categories):
            counts[tok] = counts.get(tok, 0) + 1
        pushes = []
        for tok, count in counts.items():
            w = self.weights.get(tok, 0.0)
            if w > 0:
                pushes.append((w * (1 + np.log(count)) * self.idf.get(tok, 1.0), tok))
        pushes.sort(reverse=True)
        return [Reason(describe(t), kind_of(t), float(s)) for s, t in pushes[:top]]


def keep_largest(terms: list[str], w: np.ndarray, idf: np.ndarray) -> tuple[dict, dict]:
    """The KEEP_WEIGHTS largest weights (by size) and their idf, keyed by term."""
    order = np.argsort(-np.abs(w))[:KEEP_WEIGHTS]
    order = order[w[order] != 0]
    weights = {terms[i]: round(float(w[i]), 6) for i in order}
    return weights, {terms[i]: round(float(idf[i]), 4) for i in order}


def save_model(model: Model, scores: dict[int, float], path: Path) -> None:
    """Write a model and its scores as one JSON file, atomically."""
    body = dict(model.__dict__)
    body["scores"] = {str(k): round(v, 5) for k, v in scores.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(body), encoding="utf-8")
    os.replace(tmp, path)


def load_model(path: Path) -> tuple[Model, dict[int, float]] | None:
    """A stored model and its scores, or None when missing or unreadable."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        scores = {int(k): float(v) for k, v in body.pop("scores", {}).items()}
        return Model(**body), scores
    except (OSError, ValueError, TypeError):
        return None
