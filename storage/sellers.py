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


def _contact_id(session: Session, kind: ContactKind, value: str) -> int:
    new_id = insert_ignore(
        session, Contact.__table__, {"kind": kind, "value": value}, ("kind", "value")
    )
    if new_id is not None:
        return new_id
    return session.execute(
        select(Contact.id).where(Contact.kind == kind, Contact.value == value)
    ).scalar_one()


def link_seller(
    session: Session,
    platform: str,
    handle: str,
    contacts: Iterable[tuple[ContactKind, str]] = (),
    display_name: str | None = None,
    profile_url: str | None = None,
) -> int:
    """The id of the seller (platform, handle), created if new, linked to ``contacts``.

    Contact values must already be canonical (see :mod:`storage.contact_values`).
    """
    seller_id = insert_ignore(
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
    if seller_id is not None:
        session.execute(update(Seller).where(Seller.id == seller_id).values(person_id=seller_id))
    else:
        seller_id = session.execute(
            select(Seller.id).where(Seller.platform == platform, Seller.handle == handle)
        ).scalar_one()
        changes = {
            k: v for k, v in (("display_name", display_name), ("profile_url", profile_url)) if v
        }
        if changes:
            session.execute(update(Seller).where(Seller.id == seller_id).values(**changes))
    wanted = {(kind, value) for kind, value in contacts if value}
    for kind, value in sorted(wanted):
        contact_id = _contact_id(session, kind, value)
        insert_ignore(
            session,
            seller_contacts,
            {"seller_id": seller_id, "contact_id": contact_id},
            ("seller_id", "contact_id"),
        )
    _merge_people(session, seller_id)
    return seller_id


def _merge_people(session: Session, seller_id: int) -> None:
    """Give every seller sharing a linking contact value with ``seller_id`` one person id."""
    own_values = (
        select(Contact.value)
        .join(seller_contacts, seller_contacts.c.contact_id == Contact.id)
        .where(seller_contacts.c.seller_id == seller_id, Contact.kind.in_(LINKING_KINDS))
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
