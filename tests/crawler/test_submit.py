"""`wildwatch submit`: posts found by hand are fetched and stored like crawled ones."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import select

from crawler.commands.submit import submit_targets
from storage.db import make_engine, session_factory
from storage.models import Listing, VerdictRow
from tests.spiders.formats.fake_pages import pages
from tests.spiders.formats.harness import REPO
from tests.spiders.formats.server import FakeRequest, LocalServer, Reply

SUBMIT = "import typer; from crawler.commands.submit import submit; typer.run(submit)"


#: An ordinary classified ad: a post nobody should be asked to review.
BICYCLE = (
    '<html lang="es-MX"><head><meta property="og:title" content="Bicicleta de montaña R29">'
    '<meta property="og:description" content="Bicicleta rodada 29, frenos de disco, poco uso.">'
    "</head><body><article><p>Bicicleta de montaña rodada 29, cuadro de aluminio, frenos de "
    "disco, 21 velocidades, poco uso. Entrego en Coyoacán.</p></article></body></html>"
)


def pages_and_a_bicycle(request: FakeRequest) -> Reply:
    return Reply.html(BICYCLE) if request.path == "/anuncio/bicicleta" else pages(request)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer(pages_and_a_bicycle) as srv:
        yield srv


def run_submit(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COLUMNS": "250",
        "WILDWATCH_DATA_DIR": str(data_dir),
        # The built embedding models stay where ``make models`` put them.
        "WILDWATCH_MODEL_DIR": str(REPO / "data" / "models"),
        "WILDWATCH_CLASSIFY_WORKERS": "1",
    }
    for name in ("WILDWATCH_DATABASE_URL", "WILDWATCH_CLASSIFIER_DIR"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", SUBMIT, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def _cells(line: str) -> list[str]:
    """The cells of one row of a table printed by Rich (none for other lines)."""
    return [cell.strip() for cell in line.split("│")[1:-1]] if line.startswith("│") else []


def _row(output: str) -> list[str]:
    (line,) = [ln for ln in output.splitlines() if ln.startswith("│ submitted_url(")]
    return [cell.strip() for cell in line.split("│")[1:-1]]


def test_submitted_posts_are_stored_once(server: LocalServer, tmp_path: Path) -> None:
    urls = [f"{server.url}/anuncio/guacamaya", f"{server.url}/post/123"]
    first = run_submit(*urls, "--no-classify", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    # spider | items | new listings | new snapshots | unchanged | ...
    assert _row(first.stderr)[1:5] == ["2", "2", "2", "0"]
    again = run_submit(*urls, "--no-classify", data_dir=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _row(again.stderr)[1:5] == ["2", "0", "0", "2"]


def _stored_verdicts(data_dir: Path) -> dict[str, VerdictRow]:
    """The verdict of each stored listing, by the path of its address."""
    engine = make_engine(f"sqlite:///{data_dir / 'wildwatch.db'}")
    try:
        with session_factory(engine)() as session:
            rows = session.execute(
                select(Listing.source_url, VerdictRow).join(
                    VerdictRow, VerdictRow.listing_id == Listing.id
                )
            ).all()
    finally:
        engine.dispose()
    return {url.split("/", 3)[3]: verdict for url, verdict in rows}


def test_submitted_posts_are_classified(server: LocalServer, tmp_path: Path) -> None:
    trade, bicycle = f"{server.url}/anuncio/guacamaya", f"{server.url}/anuncio/bicicleta"
    done = run_submit(trade, bicycle, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "classified 2 listings" in done.stderr
    verdicts = _stored_verdicts(tmp_path)
    assert set(verdicts) == {"anuncio/guacamaya", "anuncio/bicicleta"}
    macaw, bike = verdicts["anuncio/guacamaya"], verdicts["anuncio/bicicleta"]
    assert macaw.flagged and macaw.score > bike.score
    assert {s["scientific_name"] for s in macaw.species} == {"Ara macao"}
    assert not bike.flagged and bike.species == []
    # The analyst sees each address's verdict in the terminal: URL | flagged | score | why.
    shown = {cells[0]: cells[1:] for cells in map(_cells, done.stderr.splitlines()) if cells}
    assert shown[trade][0] == "yes" and "Ara macao, CITES I" in shown[trade][2]
    assert shown[bicycle][:2] == ["no", "-"]


def test_nothing_readable_fails_clearly(server: LocalServer, tmp_path: Path) -> None:
    done = run_submit(f"{server.url}/photo.png", "--no-classify", data_dir=tmp_path)
    assert done.returncode == 1
    assert "No post could be read" in done.stderr


@pytest.mark.parametrize(
    ("urls", "browser", "expected"),
    [
        (
            ["https://a.local/1", "https://a.local/1", "https://b.local/2"],
            False,
            [("submitted_url", {"urls": "https://a.local/1 https://b.local/2", "browser": "auto"})],
        ),
        (
            ["https://a.local/1"],
            True,
            [("submitted_url", {"urls": "https://a.local/1", "browser": "always"})],
        ),
    ],
)
def test_targets(
    urls: list[str], browser: bool, expected: list[tuple[str, dict[str, str]]]
) -> None:
    assert submit_targets(urls, browser) == expected


def test_not_a_web_address_is_refused() -> None:
    with pytest.raises(typer.BadParameter, match="not web addresses: www.example.com"):
        submit_targets(["www.example.com"], False)
