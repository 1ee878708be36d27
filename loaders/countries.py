"""Countries by ISO 3166-1 code, with English and Portuguese names (from pycountry)."""

from __future__ import annotations

import functools
import gettext


@functools.lru_cache(maxsize=None)
def _portuguese():
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["pt"],
                               fallback=True)


def country(code: str) -> dict | None:
    """The country with alpha-2 ``code`` as node properties, or None if there is none.

    >>> country("BR")
    {'id': 'country:br', 'code': 'BR', 'name': 'Brazil', 'namePt': 'Brasil'}
    >>> country("XX") is None
    True
    """
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return {"id": f"country:{found.alpha_2.lower()}", "code": found.alpha_2, "name": name,
            "namePt": _portuguese().gettext(found.name)}
