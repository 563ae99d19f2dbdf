"""Writing crawled listings: upsert by (platform, key), a snapshot per distinct content, events.

Records are plain mappings (``dataclasses.asdict(ListingItem)`` plus ``key``) so storage
never imports the crawler. Storing the same batch twice adds nothing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.contact_values import normalize_email, normalize_handle, normalize_phone, normalize_url
from storage.db import write_intent
from storage.enums import ContactKind, EventKind, ListingStatus
from storage.insert_ignore import insert_ignore
from storage.models import Listing, ListingEvent, Snapshot, Source, utcnow
from storage.sellers import link_seller
from storage.snapshots import content_hash

MAX_KEY = 300
MAX_PRICE = Decimal("1e15")
CENT = Decimal("0.01")


@dataclass
class StoreResult:
    """What one call of :func:`store_listings` added."""

    stored: int = 0
    new_listings: int = 0
    new_snapshots: int = 0
    unchanged: int = 0
    events: int = 0


def as_utc(value: Any) -> datetime | None:
    """A timezone-aware UTC datetime from a datetime or an ISO 8601 string (spill files)."""
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def as_price(value: Any) -> Decimal | None:
    """The price as a Decimal with cents, or None when absent, not finite or absurd."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        price = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return None
    return price if 0 <= price < MAX_PRICE else None


def url_key(url: str) -> str:
    """The key of a listing without a platform id (the same formula as ``ListingItem.key``)."""
    return "url:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def _clean(value: Any) -> str:
    # PostgreSQL refuses NUL in text; the normalise pipeline strips it too, but never rely on it.
    return str(value).replace("\x00", "") if value is not None else ""


def _short(value: Any, limit: int) -> str | None:
    return _clean(value).strip()[:limit] or None


def _key(record: Mapping[str, Any]) -> str:
    key = str(record.get("key") or "")
    if not key:
        raise ValueError(f"record of {record.get('platform')!r} has no 'key'")
    if len(key) > MAX_KEY:
        key = "h:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


def _contacts(record: Mapping[str, Any]) -> list[tuple[ContactKind, str]]:
    country = record.get("country")
    found: list[tuple[ContactKind, str | None]] = []
    found += [(ContactKind.PHONE, normalize_phone(p, country)) for p in record.get("phones") or []]
    found += [
        (ContactKind.WHATSAPP, normalize_phone(p, country)) for p in record.get("whatsapp") or []
    ]
    found += [(ContactKind.EMAIL, normalize_email(e)) for e in record.get("emails") or []]
    urls = list(record.get("profile_urls") or []) + [record.get("seller_url") or ""]
    found += [(ContactKind.PROFILE_URL, normalize_url(u)) for u in urls if u]
    return [(kind, value) for kind, value in found if value]


def _seller_id(session: Session, record: Mapping[str, Any], platform: str) -> int | None:
    contacts = _contacts(record)
    handle = None
    for candidate in (
        record.get("seller_handle"),
        record.get("seller_url"),
        record.get("seller_name"),
    ):
        if candidate and (handle := normalize_handle(str(candidate))):
            break
    if handle is None and contacts:
        # A classified ad with only a phone: the number is the seller's identity.
        handle = f"{contacts[0][0].value}:{contacts[0][1]}"
    if handle is None:
        return None
    contacts.append((ContactKind.HANDLE, f"{platform}:{handle}"[:500]))
    return link_seller(
        session,
        platform,
        handle,
        contacts,
        display_name=_short(record.get("seller_name"), 300),
        profile_url=normalize_url(record.get("seller_url") or ""),
    )


def _source_id(session: Session, platform: str, cache: dict[str, int]) -> int:
    if platform not in cache:
        new_id = insert_ignore(session, Source.__table__, {"platform": platform}, ("platform",))
        cache[platform] = (
            new_id
            or session.execute(select(Source.id).where(Source.platform == platform)).scalar_one()
        )
    return cache[platform]


def _listing(
    session: Session,
    record: Mapping[str, Any],
    platform: str,
    key: str,
    source_id: int,
    seen: datetime,
) -> tuple[Listing, bool]:
    # FOR UPDATE serialises two PostgreSQL workers on one listing; SQLite holds the write lock.
    find = select(Listing).where(Listing.platform == platform, Listing.key == key).with_for_update()
    listing = session.execute(find).scalar_one_or_none()
    if listing is not None:
        return listing, False
    canonical = _clean(record.get("canonical_url") or record.get("source_url"))
    new_id = insert_ignore(
        session,
        Listing.__table__,
        {
            "source_id": source_id,
            "platform": platform,
            "key": key,
            "platform_id": _short(record.get("platform_id"), 300),
            "canonical_url": canonical,
            "source_url": _clean(record.get("source_url")) or canonical,
            "first_seen": seen,
            "last_seen": seen,
            "status": ListingStatus.ACTIVE,
        },
        ("platform", "key"),
    )
    listing = session.execute(find).scalar_one()
    return listing, new_id is not None


def _event(
    session: Session,
    listing_id: int,
    kind: EventKind,
    run_id: int | None,
    at: datetime,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> None:
    session.add(
        ListingEvent(
            listing_id=listing_id,
            kind=kind,
            old_value=old,
            new_value=new,
            at=at,
            crawl_run_id=run_id,
        )
    )


def _status_events(
    session: Session,
    listing: Listing,
    record: Mapping[str, Any],
    run_id: int | None,
    seen: datetime,
) -> int:
    wanted = str(record.get("status") or ListingStatus.ACTIVE)
    target = (
        ListingStatus(wanted)
        if wanted in ListingStatus._value2member_map_
        else ListingStatus.ACTIVE
    )
    if target is listing.status:
        return 0
    old = {"status": listing.status.value}
    kind = {
        ListingStatus.ACTIVE: EventKind.REAPPEARED,
        ListingStatus.SOLD: EventKind.SOLD,
        ListingStatus.REMOVED: EventKind.REMOVED,
    }[target]
    listing.status = target
    _event(session, listing.id, kind, run_id, seen, old, {"status": target.value})
    return 1


def _store_one(
    session: Session,
    record: Mapping[str, Any],
    run_id: int | None,
    sources: dict[str, int],
    result: StoreResult,
) -> None:
    platform = _short(record.get("platform"), 100)
    if platform is None:
        raise ValueError(f"record without 'platform': {record.get('source_url')!r}")
    key = _key(record)
    seen = as_utc(record.get("fetched_at")) or utcnow()
    listing, created = _listing(
        session, record, platform, key, _source_id(session, platform, sources), seen
    )
    seller_id = _seller_id(session, record, platform)
    if seller_id is not None and listing.seller_id != seller_id:
        listing.seller_id = seller_id
    if seen > listing.last_seen:
        listing.last_seen = seen
    if created:
        result.new_listings += 1
        _event(session, listing.id, EventKind.FIRST_SEEN, run_id, seen)
        result.events += 1
    result.events += _status_events(session, listing, record, run_id, seen)

    images: Iterable[str] = [_clean(u) for u in record.get("image_urls") or []]
    price = as_price(record.get("price"))
    currency = _short(record.get("currency"), 8)
    title, text = _clean(record.get("title")), _clean(record.get("text"))
    location = _short(record.get("location"), 2000)
    digest = content_hash(title, text, price, currency, location, images)
    latest = session.execute(
        select(Snapshot)
        .where(Snapshot.listing_id == listing.id)
        .order_by(Snapshot.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    result.stored += 1
    if latest is not None and latest.content_hash == digest:
        result.unchanged += 1
        return
    snap = Snapshot(
        listing_id=listing.id,
        content_hash=digest,
        title=title,
        text=text,
        price=price,
        currency=currency,
        location=location,
        language=_short(record.get("language"), 16),
        country=_short(record.get("country"), 8),
        posted_at=as_utc(record.get("posted_at")),
        image_urls=list(images),
        capture_ref=_short(record.get("capture_ref"), 2000),
        fetched_at=seen,
        crawl_run_id=run_id,
    )
    session.add(snap)
    session.flush()
    result.new_snapshots += 1
    if latest is None:
        return
    if (latest.price, latest.currency) != (price, currency):
        old: dict[str, Any] = {
            "price": None if latest.price is None else str(latest.price),
            "currency": latest.currency,
        }
        new: dict[str, Any] = {"price": None if price is None else str(price), "currency": currency}
        _event(session, listing.id, EventKind.PRICE_CHANGED, run_id, seen, old, new)
        result.events += 1
    if (latest.title, latest.text) != (title, text):
        old, new = (
            {"snapshot_id": latest.id, "title": latest.title},
            {
                "snapshot_id": snap.id,
                "title": title,
            },
        )
        _event(session, listing.id, EventKind.TEXT_EDITED, run_id, seen, old, new)
        result.events += 1


def store_listings(
    session: Session, records: Sequence[Mapping[str, Any]], run_id: int | None
) -> StoreResult:
    """Upsert ``records`` (one batch, one transaction owned by the caller) and count what changed.

    Raises ValueError for a record without platform or key; nothing of the batch is
    then written once the caller rolls back.
    """
    write_intent(session)
    result = StoreResult()
    sources: dict[str, int] = {}
    for record in records:
        _store_one(session, record, run_id, sources, result)
    session.flush()
    return result


def mark_removed(
    session: Session, platform: str, key_or_url: str, run_id: int | None, sold: bool = False
) -> bool:
    """Mark a listing removed (or sold) with an event; False when no such listing is stored."""
    write_intent(session)
    listing = session.execute(
        select(Listing)
        .where(
            Listing.platform == platform,
            or_(
                Listing.key == key_or_url,
                Listing.key == url_key(key_or_url),
                Listing.canonical_url == key_or_url,
                Listing.source_url == key_or_url,
            ),
        )
        .order_by(Listing.id)
        .limit(1)
        .with_for_update()
    ).scalar_one_or_none()
    if listing is None:
        return False
    status = ListingStatus.SOLD if sold else ListingStatus.REMOVED
    _status_events(session, listing, {"status": status.value}, run_id, utcnow())
    session.flush()
    return True
