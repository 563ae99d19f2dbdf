"""Text in, Verdict out: lexicons, matchers, embedders, trained heads, training, evaluation.

A pure library: nothing of Scrapy, SQLAlchemy or the web app is imported here.
"""

from classifiers.types import CueHit, Intent, Product, SpeciesHit, Verdict, ZoonoticRisk

__all__ = ["CueHit", "Intent", "Product", "SpeciesHit", "Verdict", "ZoonoticRisk"]
