"""Storage: SQLAlchemy models, engine and sessions, and the query and write functions.

Only this package writes SQL. Modules: ``db`` (engines, sessions, migrations),
``models``/``enums`` (tables), ``listings`` (crawl writes), ``sellers`` (people and
contacts), ``runs`` (crawl runs), ``verdicts`` (classify stage), ``queue`` (review queue),
``decisions`` (analysts' labels and audit trail).
"""
