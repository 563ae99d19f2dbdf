"""Evaluation figures: real posts and posts written for the project are reported apart."""

from __future__ import annotations

import numpy as np

from classifiers.dataset import Example
from classifiers.evaluation import score_report


def test_real_and_written_posts_are_counted_apart() -> None:
    examples = [
        Example("vendo loro", 1, "es", kind="positive"),
        Example("loro de peluche", 0, "es", kind="hard_negative"),
        Example("IVORY CARVED FIGURE circa 1920", 1, "en", kind="real"),
        Example("Police seized 40 parrots", 0, "en", kind="real"),
    ]
    # The written pair is read right; of the real pair, the offer is missed and the news flagged.
    report = score_report(examples, np.array([0.9, 0.1, 0.2, 0.8]), 0.5, "v")
    written, real = report.by_source["written"], report.by_source["real"]
    assert (written.tp, written.fp, written.fn, written.tn) == (1, 0, 0, 1)
    assert (real.tp, real.fp, real.fn, real.tn) == (0, 1, 1, 0)
    assert report.to_dict()["by_source"]["real"]["f1"] == 0.0
    text = report.to_text()
    assert "\nreal " in text and "\nwritten " in text


def test_a_written_only_file_shows_no_source_rows() -> None:
    examples = [Example("vendo loro", 1, "es"), Example("loro de peluche", 0, "es")]
    text = score_report(examples, np.array([0.9, 0.1]), 0.5, "v").to_text()
    assert "\nwritten " not in text and "\nreal " not in text
