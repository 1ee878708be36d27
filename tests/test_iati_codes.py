"""The shipped IATI codelists and DAC donor codes, and what an organisation identifier says
(munigraph.loaders.iati_codes), with Kosovo as a country (munigraph.loaders.countries)."""

import json
from importlib import resources

import pytest

from munigraph.loaders.countries import country, country_code, country_names
from munigraph.loaders.iati_codes import (codelists, dac_donors, is_category_name, normal_ref,
                                          ref_country, region_name, sector_topics)


def shipped(name):
    return json.loads(resources.files("munigraph.loaders").joinpath(name).read_text("utf-8"))


def test_every_codelist_and_the_donor_table_names_its_source():
    data = shipped("iati-codelists.json")
    assert {"Sector", "SectorCategory", "UNSDG-Goals", "Region", "OrganisationType", "CRSChannelCode",
            "Country"} <= set(data)
    for name, value in data.items():
        if name != "about":
            assert value["codes"] and ("IATI" in value["about"] or "OECD" in value["about"]), name
            assert set(value.get("withdrawn", [])) <= set(value["codes"]), name
    assert "oda-data" in shipped("dac-donors.json")["about"]


def test_sector_codes_have_a_name_and_an_existing_category():
    sectors, categories = codelists()["Sector"], codelists()["SectorCategory"]
    assert len(sectors) >= 326
    assert all(name and category in categories for name, category in sectors.values())
    assert sectors["22081"] == ["Education and training in ICT, telecommunications and media", "220"]
    assert sectors["12264"] == ["COVID-19 control", "122"]
    assert sectors["15185"] == ["Local government administration", "151"]


def test_withdrawn_sectors_are_kept_for_older_activities():
    data = shipped("iati-codelists.json")["Sector"]
    assert {"15120", "15140", "23010", "92010"} <= set(data["withdrawn"])
    assert [t["id"] for t in sector_topics("1", "15140")] == ["topic:dac-15140", "topic:dac-151"]


@pytest.mark.parametrize("code", ["15171", "15172", "15173", "32175", "32185"])
def test_sector_codes_no_published_codelist_has_are_not_made_up(code):
    assert sector_topics("1", code) == []


def test_region_organisation_type_and_country_codelists():
    assert region_name("289") == "South of Sahara, regional"
    assert region_name(" 1035 ") == "Polynesia, regional"
    assert region_name("999") is None
    assert codelists()["OrganisationType"]["24"] == "Partner Country based NGO"
    assert len(codelists()["OrganisationType"]) == 16
    assert codelists()["Country"]["XK"] == "Kosovo"
    assert codelists()["CRSChannelCode"]["22000"] == "Donor country-based NGO"


def test_normal_ref():
    assert normal_ref("41114") is None and normal_ref("22501") is None  # a CRS channel code names a family of bodies
    assert normal_ref("6-4") is None and normal_ref("708") is None  # a publisher's own code, no identifier
    assert normal_ref(" gb-gov-1 ") == "GB-GOV-1"
    assert normal_ref("XM-DAC-41114 ") == "XM-DAC-41114"
    assert normal_ref("BR-CNPJ- 12.345") == "BR-CNPJ-12.345"
    assert normal_ref("") is None and normal_ref(None) is None and normal_ref(" \t") is None


@pytest.mark.parametrize("ref, expected", [
    ("XM-DAC-6-4", "IT"), ("XM-DAC-3-1", "DK"), ("xm-dac-7", "NL"), ("301-2", None),
    ("XM-DAC-302-1", "US"), ("XM-DAC-701-8", "JP"), ("XM-DAC-742", "KR"), ("XM-DAC-12-1", "GB"),
    ("XM-DAC-576", "AE"), ("XM-DAC-732", "TW"),
    ("XM-DAC-41114", None), ("41114", None), ("44000", None), ("XM-DAC-918", None),
    ("XM-DAC-905", None), ("XM-DAC-1601", None),
    ("CA", "CA"), ("gb", "GB"), ("XK", "XK"), (" gb-gov-1 ", "GB"), ("BR-CNPJ-12345678000190", "BR"),
    ("XI-IATI-EC_INTPA", None), ("XM-OCHA-CERF", None), ("EU", None),
    ("", None), (None, None),
])
def test_ref_country(ref, expected):
    assert ref_country(ref) == expected


def test_the_donor_table_has_the_dac_members_and_no_multilateral():
    donors = dac_donors()
    assert {"1": "AT", "2": "BE", "3": "DK", "4": "FR", "5": "DE", "6": "IT", "7": "NL", "8": "NO",
            "9": "PT", "10": "SE", "11": "CH", "12": "GB", "18": "FI", "20": "IS", "21": "IE",
            "22": "LU", "40": "GR", "50": "ES", "301": "CA", "302": "US", "701": "JP", "742": "KR",
            "801": "AU", "820": "NZ"}.items() <= donors.items()
    multilateral = shipped("dac-donors.json")["multilateral"]
    assert {"905", "918", "959"} <= set(multilateral) and not set(multilateral) & set(donors)


def test_is_category_name():
    for name in ("Donor country-based NGO", "Developing country-based NGO", "International NGO",
                 "Public Sector Institutions", "PUBLIC SECTOR INSTITUTIONS", "Private Sector",
                 "Academic, Training and Research", "Local Government", "Multilateral"):
        assert is_category_name(name), name
    for name in ("Oxfam", "Agence Française de Développement", "International Monetary Fund (IMF)",
                 "World Bank Group (WB)", "Doctors Without Borders", "", None):
        assert not is_category_name(name), name


def test_kosovo_is_a_country():
    assert country("XK") == {"id": "country:xk", "code": "XK", "name": "Kosovo", "namePt": "Kosovo"}
    assert country_code("Kosovo") == "XK"
    assert country_code("Republic of Kosovo") == "XK"
    assert country_code("xk") == "XK"
    assert country_names()["kosovo"] == "XK"
    assert country("XX") is None and country_code("Brasil") == "BR"
