"""Countries by ISO 3166-1 code, with English and Portuguese names (from pycountry), and
country names as people write them ("Brasil", "USA", "Cape Verde") resolved to codes:
``country_code`` for a country field (English or Portuguese names, ISO codes),
``country_names`` for finding countries in text (names in English, Portuguese, Spanish
and French, no codes). Kosovo is a country too, as XK (``EXTRA_COUNTRIES``)."""

from __future__ import annotations

import functools
import gettext

from munigraph.graph.model import fold
from munigraph.language import _

# Names in common use that pycountry does not carry (its names are the ISO ones:
# "Korea, Republic of", "Cabo Verde", "Viet Nam").
COMMON_NAMES = {
    "usa": "US", "us": "US", "united states of america": "US", "eua": "US", "estados unidos": "US",
    "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "south korea": "KR", "coreia do sul": "KR", "north korea": "KP", "russia": "RU",
    "cape verde": "CV", "east timor": "TL", "timor leste": "TL", "palestine": "PS",
    "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "czech republic": "CZ",
    "ivory coast": "CI", "costa do marfim": "CI", "macedonia": "MK", "holland": "NL",
    "vatican": "VA", "vatican city": "VA", "brunei": "BN", "micronesia": "FM",
    "democratic republic of the congo": "CD", "republic of the congo": "CG",
    "gaza strip": "PS", "west bank": "PS", "palestinian territories": "PS",
    "palestinian national authority": "PS", "republic of macedonia": "MK",
    "the netherlands": "NL", "holanda": "NL", "estados unidos da america": "US",
    "republic of ireland": "IE", "dr congo": "CD", "rd congo": "CD", "deutschland": "DE",
    "espana": "ES", "the gambia": "GM", "the bahamas": "BS", "swaziland": "SZ", "burma": "MM", "turkey": "TR",
}
# Countries that ISO 3166-1 does not assign a code to (so pycountry lacks them) but that the
# IATI Country codelist, the EU, GeoNames and most registries have: Kosovo, by the
# user-assigned code XK. code -> English name, Portuguese name, other names.
EXTRA_COUNTRIES = {"XK": ("Kosovo", "Kosovo", ("Republic of Kosovo",))}
# Names in common use in Portuguese, Spanish and French that pycountry's translations lack.
OTHER_LANGUAGE_NAMES = {
    "hollande": "NL", "inglaterra": "GB", "angleterre": "GB", "escocia": "GB", "ecosse": "GB",
    "pais de gales": "GB", "pays de galles": "GB", "ira": "IR", "irao": "IR", "palestina": "PS",
    "eeuu": "US", "ee uu": "US", "estados unidos de america": "US", "corea del sur": "KR",
    "coree du sud": "KR", "russie": "RU", "rusia": "RU", "siria": "SY", "syrie": "SY",
    "vietna": "VN", "tanzanie": "TZ", "moldavia": "MD", "moldavie": "MD", "republica checa": "CZ",
    "chequia": "CZ", "tchequia": "CZ",
    # official names as documents write them
    "estados unidos mexicanos": "MX", "republica federativa do brasil": "BR",
    "republica federativa de brasil": "BR", "republica federative du bresil": "BR",
    "federative republic of brazil": "BR", "republica oriental del uruguay": "UY",
    "republica oriental do uruguai": "UY", "republica del paraguay": "PY", "republica do paraguai": "PY",
    "republica argentina": "AR", "republica de chile": "CL", "republica de colombia": "CO",
    "republica portuguesa": "PT", "republique francaise": "FR", "republica francesa": "FR",
    "republica de mocambique": "MZ", "republica de angola": "AO", "republica de cabo verde": "CV",
    "reino de espana": "ES", "reino de espanha": "ES",
}
# Words that mean "no single country": the party is international or European.
NO_COUNTRY = {"", "international", "internacional", "eu", "european union", "uniao europeia",
              "ue", "europe", "europa", "global", "world", "mundial"}


@functools.lru_cache(maxsize=None)
def _translation(language: str):
    """pycountry's country names in ``language`` (pt, es, fr), as a gettext translation."""
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def country(code: str) -> dict | None:
    """The country with alpha-2 ``code`` as node properties, or None if there is none.

    >>> country("BR")
    {'id': 'country:br', 'code': 'BR', 'name': 'Brazil', 'namePt': 'Brasil'}
    >>> country("xk")
    {'id': 'country:xk', 'code': 'XK', 'name': 'Kosovo', 'namePt': 'Kosovo'}
    >>> country("XX") is None
    True
    """
    found = _country(code.upper()) if len(code) == 2 else None
    return dict(found) if found else None


@functools.lru_cache(maxsize=None)
def _country(code: str) -> dict | None:
    import pycountry

    if code in EXTRA_COUNTRIES:
        name, name_pt, _others = EXTRA_COUNTRIES[code]
        return {"id": f"country:{code.lower()}", "code": code, "name": name, "namePt": name_pt}
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return {"id": f"country:{found.alpha_2.lower()}", "code": found.alpha_2, "name": name,
            "namePt": _translation("pt").gettext(found.name)}


def _names(languages) -> dict:
    """Folded country name → alpha-2 code: each country's English names (ISO, common and
    official) and its names in ``languages`` (pt, es, fr), and those of ``EXTRA_COUNTRIES``."""
    import pycountry

    names = {fold(form): code for code, (name, name_pt, others) in EXTRA_COUNTRIES.items()
             for form in (name, name_pt, *others)}
    translations = [_translation(language) for language in languages]
    for found in pycountry.countries:
        forms = [found.name, getattr(found, "common_name", ""), getattr(found, "official_name", "")]
        forms += [t.gettext(found.name) for t in translations]
        for form in filter(None, forms):
            names.setdefault(fold(form), found.alpha_2)
    return names


@functools.lru_cache(maxsize=None)
def _codes_by_name() -> dict:
    import pycountry

    codes = {fold(code): code for code in EXTRA_COUNTRIES}
    for found in pycountry.countries:
        for code in (found.alpha_2, found.alpha_3):
            codes.setdefault(fold(code), found.alpha_2)
    for name, code in _names(("pt",)).items():
        codes.setdefault(name, code)
    return {**codes, **COMMON_NAMES}


def country_code(text: str) -> str | None:
    """The alpha-2 code of a country written as an English or Portuguese name or an ISO
    code, in any case and with or without accents; None for "International", "EU" and
    the like. Raises ``ValueError`` for a name that is no known country.

    >>> [country_code(t) for t in ("Brasil", "brazil", "BR", "BRA", "Moçambique", "USA")]
    ['BR', 'BR', 'BR', 'BR', 'MZ', 'US']
    >>> [country_code(t) for t in ("XK", "Kosovo", "Republic of Kosovo")]
    ['XK', 'XK', 'XK']
    >>> country_code("International") is None
    True
    >>> country_code("Atlantis")
    Traceback (most recent call last):
    ValueError: 'Atlantis' is not a known country name or ISO code; write its ISO code (BR) or its English or Portuguese name
    """
    key = fold(text or "")
    if key in NO_COUNTRY:
        return None
    code = _codes_by_name().get(key)
    if code is None:
        raise ValueError(_("{value} is not a known country name or ISO code; write its ISO "
                           "code (BR) or its English or Portuguese name").format(value=repr(text)))
    return code


def named_country(text: str) -> str | None:
    """The alpha-2 code of the country ``text`` names, or None when it names none.

    >>> named_country("Espanha"), named_country("Ministry of Health"), named_country("International")
    ('ES', None, None)
    """
    try:
        return country_code(text)
    except ValueError:
        return None


@functools.lru_cache(maxsize=None)
def country_names() -> dict:
    """Folded country name → alpha-2 code, for finding countries in text: each country's
    English names (ISO, common and official), its names in Portuguese, Spanish and French,
    and the names in common use of ``COMMON_NAMES`` and ``OTHER_LANGUAGE_NAMES``. Unlike
    ``country_code`` it holds no ISO codes, as they are words too ("PER", "CAN").

    >>> names = country_names()
    >>> [names[n] for n in ("mocambique", "alemania", "etats unis", "inglaterra", "usa", "kosovo")]
    ['MZ', 'DE', 'US', 'GB', 'US', 'XK']
    >>> "can" in names
    False
    """
    names = _names(("pt", "es", "fr"))
    return {**names, **COMMON_NAMES, **OTHER_LANGUAGE_NAMES}
