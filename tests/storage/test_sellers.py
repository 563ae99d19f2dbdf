"""Sellers: one person across platforms, linked through shared contacts written differently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.enums import ContactKind
from storage.listings import store_listings
from storage.models import Contact, Listing, Seller
from storage.sellers import linked_sellers, seller_listings

Factory = Callable[..., dict[str, Any]]


def _seller_of(session: Session, platform: str) -> Seller:
    return session.execute(
        select(Seller)
        .join(Listing, Listing.seller_id == Seller.id)
        .where(Listing.platform == platform)
    ).scalar_one()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"whatsapp": ["+55 11 91234-5678"]}, {"whatsapp": ["5511912345678"]}),
        (
            {"whatsapp": ["+55 11 91234-5678"], "country": "BR"},
            {"phones": ["(11) 91234-5678"], "country": "BR"},
        ),
        ({"emails": ["Vendas.Exoticos@Gmail.com"]}, {"emails": [" vendas.exoticos@gmail.com "]}),
        (
            {"profile_urls": ["https://Instagram.com/exoticos_br/"]},
            {"profile_urls": ["https://instagram.com/exoticos_br"]},
        ),
    ],
    ids=["whatsapp-formats", "whatsapp-vs-phone", "email-case", "profile-url"],
)
def test_accounts_sharing_a_contact_are_one_person(
    session: Session, record: Factory, first: dict[str, Any], second: dict[str, Any]
) -> None:
    store_listings(
        session,
        [
            record(platform="facebook_group", seller_handle="Loja Exóticos", **first),
            record(platform="olx_br", seller_handle="user_8812", **second),
        ],
        None,
    )
    session.commit()
    a, b = _seller_of(session, "facebook_group"), _seller_of(session, "olx_br")
    assert a.id != b.id
    assert a.person_id == b.person_id
    posts = seller_listings(session, b.id)
    assert sorted(p.platform for p in posts) == ["facebook_group", "olx_br"]


def test_whatsapp_is_stored_once_in_e164(session: Session, record: Factory) -> None:
    store_listings(
        session,
        [
            record(platform_id="1", whatsapp=["+55 11 91234-5678"]),
            record(platform_id="2", whatsapp=["5511912345678"]),
        ],
        None,
    )
    session.commit()
    values = (
        session.execute(select(Contact.value).where(Contact.kind == ContactKind.WHATSAPP))
        .scalars()
        .all()
    )
    assert values == ["+5511912345678"]


def test_same_handle_on_two_platforms_is_not_enough(session: Session, record: Factory) -> None:
    store_listings(
        session,
        [
            record(platform="a", seller_handle="exoticos"),
            record(platform="b", seller_handle="exoticos"),
        ],
        None,
    )
    session.commit()
    assert _seller_of(session, "a").person_id != _seller_of(session, "b").person_id


def test_a_contact_shared_later_merges_two_people(session: Session, record: Factory) -> None:
    store_listings(
        session,
        [
            record(platform="a", seller_handle="x", emails=["x@example.org"]),
            record(platform="b", seller_handle="y", whatsapp=["+525512345678"]),
            record(platform="c", seller_handle="z", phones=["+52 1 55 1234 5678"]),
        ],
        None,
    )
    session.commit()
    assert _seller_of(session, "a").person_id != _seller_of(session, "b").person_id
    store_listings(
        session,
        [record(platform="a", platform_id="2", seller_handle="x", whatsapp=["+52 55 1234 5678"])],
        None,
    )
    session.commit()
    people = {s.person_id for s in session.execute(select(Seller)).scalars()}
    assert len(people) == 1
    assert [s.platform for s in linked_sellers(session, _seller_of(session, "c").id)] == [
        "a",
        "b",
        "c",
    ]


def test_an_ad_with_only_a_phone_gets_a_seller(session: Session, record: Factory) -> None:
    store_listings(
        session,
        [record(seller_handle=None, seller_name=None, phones=["+57 300 123 4567"], country="CO")],
        None,
    )
    session.commit()
    seller = _seller_of(session, "demo_market")
    assert seller.handle == "phone:+573001234567"


def test_a_listing_without_seller_or_contacts_has_no_seller(
    session: Session, record: Factory
) -> None:
    store_listings(session, [record(seller_handle=None, seller_name=None)], None)
    session.commit()
    assert session.execute(select(Listing.seller_id)).scalar_one() is None
