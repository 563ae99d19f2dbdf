"""Storage test fixtures: the record factory."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.fixtures.factories import Record, make_record


@pytest.fixture
def record() -> Callable[..., Record]:
    """The :func:`make_record` factory."""
    return make_record
