"""The region tree in the store, and the regions a user may see.

A bureau's scope is its region and every descendant, computed from the ``regions``
table (loaded from a scenario's regions sheet with `Accounts.load_regions` /
``fairplan users regions SCENARIO``). A store holds one province's data for many
scenarios, so the tree lives in the store rather than in any one scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from db.schema import regions as regions_table
from identity.users import User


@dataclass(frozen=True)
class RegionRow:
    region_id: str
    name: str
    level: str
    parent_id: str | None


def read_regions(conn: Connection) -> dict[str, RegionRow]:
    t = regions_table
    return {
        r.region_id: RegionRow(r.region_id, r.name, r.level, r.parent_id)
        for r in conn.execute(sa.select(t))
    }


def subtree(regions: Mapping[str, RegionRow], root: str) -> frozenset[str]:
    """`root` and every region below it."""
    children: dict[str, list[str]] = {}
    for r in regions.values():
        if r.parent_id:
            children.setdefault(r.parent_id, []).append(r.region_id)
    out, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def user_scope(conn: Connection, user: User) -> frozenset[str] | None:
    """The regions whose data `user` may see (and, role permitting, write); None: all."""
    if user.is_open or user.role != "bureau":
        return None
    if not user.region_id:  # a bureau without a region sees nothing rather than everything
        return frozenset()
    return subtree(read_regions(conn), user.region_id)


def with_region_name(user: User, regions: Mapping[str, RegionRow]) -> User:
    if user.region_id and user.region_id in regions:
        return replace(user, region_name=regions[user.region_id].name)
    return user
