"""Throughput and memory benchmarks of the classifier (``make bench`` runs ``benchmarks.run``)."""
