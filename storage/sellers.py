"""Sellers and their contacts; accounts that share a phone, e-mail or profile become one person.

``sellers.person_id`` is the smallest seller id of a cluster: linking a contact that
another cluster already holds merges both clusters into the smaller id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.enums import ContactKind, ListingStatus
from storage.insert_ignore import insert_ignore
from storage.models import Contact, Listing, Seller, Snapshot, seller_contacts
from storage.snapshots import latest_snapshot_ids

#: Kinds that identify a person across platforms (a bare handle does not).
LINKING_KINDS = (
    ContactKind.PHONE,
    ContactKind.WHATSAPP,
    ContactKind.EMAIL,
    ContactKind.PROFILE_URL,
)


@dataclass(frozen=True)
class SellerListing:
    """One listing of a person (any of their linked accounts) with its latest content."""

    listing_id: int
    snapshot_id: int
    seller_id: int
    seller_handle: str
    platform: str
    status: ListingStatus
    canonical_url: str
    source_url: str
    title: str
    price: Decimal | None
    currency: str | None
    first_seen: datetime
    last_seen: datetime


def _contact_ids(session: Session, wanted: set[tuple[ContactKind, str]]) -> list[int]:
    """Ids of the contacts in ``wanted``, inserting the missing ones."""
    if not wanted:
        return []
    kinds = {kind for kind, _ in wanted}
    values = {value for _, value in wanted}
    found = {
        (kind, value): cid
        for cid, kind, value in session.execute(
            select(Contact.id, Contact.kind, Contact.value).where(
                Contact.kind.in_(kinds), Contact.value.in_(values)
            )
        )
    }
    ids = []
    for kind, value in sorted(wanted):
        cid = found.get((kind, value))
        if cid is None:
            cid = insert_ignore(
                session, Contact.__table__, {"kind": kind, "value": value}, ("kind", "value")
            )
        if cid is None:  # inserted by a concurrent writer a moment ago
            cid = session.execute(
                select(Contact.id).where(Contact.kind == kind, Contact.value == value)
            ).scalar_one()
        ids.append(cid)
    return ids


def _seller(
    session: Session, platform: str, handle: str, display_name: str | None, profile_url: str | None
) -> tuple[int, bool]:
    where = (Seller.platform == platform, Seller.handle == handle)
    row = session.execute(
        select(Seller.id, Seller.display_name, Seller.profile_url).where(*where)
    ).one_or_none()
    if row is None:
        new_id = insert_ignore(
            session,
            Seller.__table__,
            {
                "platform": platform,
                "handle": handle,
                "display_name": display_name,
                "profile_url": profile_url,
            },
            ("platform", "handle"),
        )
        if new_id is not None:
            session.execute(update(Seller).where(Seller.id == new_id).values(person_id=new_id))
            return new_id, True
        row = session.execute(
            select(Seller.id, Seller.display_name, Seller.profile_url).where(*where)
        ).one()
    seller_id, old_name, old_url = row
    changes = {
        k: v
        for k, v, old in (
            ("display_name", display_name, old_name),
            ("profile_url", profile_url, old_url),
        )
        if v and v != old
    }
    if changes:
        session.execute(update(Seller).where(Seller.id == seller_id).values(**changes))
    return seller_id, False


def link_seller(
    session: Session,
    platform: str,
    handle: str,
    contacts: Iterable[tuple[ContactKind, str]] = (),
    display_name: str | None = None,
    profile_url: str | None = None,
) -> int:
    """The id of the seller (platform, handle), created if new, linked to ``contacts``.

    Contact values must already be canonical (see :mod:`storage.contact_values`). People
    are merged only when a new seller or a new seller-contact link appears, so storing
    a known listing again costs a few reads.
    """
    seller_id, created = _seller(session, platform, handle, display_name, profile_url)
    contact_ids = _contact_ids(session, {(kind, value) for kind, value in contacts if value})
    linked = set(
        session.execute(
            select(seller_contacts.c.contact_id).where(
                seller_contacts.c.seller_id == seller_id,
                seller_contacts.c.contact_id.in_(contact_ids),
            )
        ).scalars()
    )
    missing = [cid for cid in contact_ids if cid not in linked]
    for contact_id in missing:
        insert_ignore(
            session,
            seller_contacts,
            {"seller_id": seller_id, "contact_id": contact_id},
            ("seller_id", "contact_id"),
        )
    if created or missing:
        _merge_people(session, seller_id, missing)
    return seller_id


def _merge_people(session: Session, seller_id: int, new_contacts: list[int]) -> None:
    """Give every seller sharing a linking contact value with ``seller_id`` one person id.

    Only the newly linked contacts can join clusters; older links were merged before.
    """
    own_values = select(Contact.value).where(
        Contact.id.in_(new_contacts), Contact.kind.in_(LINKING_KINDS)
    )
    sharing = (
        select(Seller.person_id)
        .join(seller_contacts, seller_contacts.c.seller_id == Seller.id)
        .join(Contact, Contact.id == seller_contacts.c.contact_id)
        .where(Contact.kind.in_(LINKING_KINDS), Contact.value.in_(own_values))
    )
    people = {pid for pid in session.execute(sharing).scalars() if pid is not None}
    own = session.execute(select(Seller.person_id).where(Seller.id == seller_id)).scalar_one()
    people.add(own if own is not None else seller_id)
    if len(people) > 1:
        target = min(people)
        session.execute(
            update(Seller).where(Seller.person_id.in_(people - {target})).values(person_id=target)
        )


def linked_sellers(session: Session, seller_id: int) -> list[Seller]:
    """Every account of the person behind ``seller_id`` (itself included), oldest first."""
    person = select(Seller.person_id).where(Seller.id == seller_id).scalar_subquery()
    return list(
        session.execute(select(Seller).where(Seller.person_id == person).order_by(Seller.id))
        .scalars()
        .all()
    )


def seller_listings(session: Session, seller_id: int) -> list[SellerListing]:
    """All listings posted by the person behind ``seller_id``, on any platform, newest first."""
    person = select(Seller.person_id).where(Seller.id == seller_id).scalar_subquery()
    rows = session.execute(
        select(Listing, Snapshot, Seller)
        .join(Seller, Seller.id == Listing.seller_id)
        .join(Snapshot, Snapshot.listing_id == Listing.id)
        .where(Seller.person_id == person, Snapshot.id.in_(latest_snapshot_ids()))
        .order_by(Listing.last_seen.desc(), Listing.id.desc())
    ).all()
    return [
        SellerListing(
            listing_id=listing.id,
            snapshot_id=snap.id,
            seller_id=seller.id,
            seller_handle=seller.handle,
            platform=listing.platform,
            status=listing.status,
            canonical_url=listing.canonical_url,
            source_url=listing.source_url,
            title=snap.title,
            price=snap.price,
            currency=snap.currency,
            first_seen=listing.first_seen,
            last_seen=listing.last_seen,
        )
        for listing, snap, seller in rows
    ]
