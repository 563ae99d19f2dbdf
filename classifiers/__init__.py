"""Text in, Verdict out: lexicons, matchers, embedders, trained heads, training, evaluation.

A pure library: nothing of Scrapy, SQLAlchemy or the web app is imported here.
"""

from classifiers.types import CueHit, SpeciesHit, Verdict

__all__ = ["CueHit", "SpeciesHit", "Verdict"]
