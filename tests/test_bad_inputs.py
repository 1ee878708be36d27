"""Bad inputs, one file each in tests/data/bad/ (and a 50 MB file made here), for every
loader: each gets one message naming the file, the line and the field, what is wrong and
what to do; `munigraph load` exits with status 1; the store's content is unchanged."""

import json

import pytest
from click.testing import CliRunner

import munigraph
from munigraph import InputError
from munigraph.cli import cli

from conftest import DATA

BAD = DATA / "bad"
WHOLE_FILE = "Error: {file}: the file is empty; expected {what}"
FLAT = "a facts CSV, a Wikidata P190 TSV or an IATI XML file (docs/inputs.md)"

# (files of one load, the code of the one problem it must report, its message)
CASES = {
    # YAML and JSON records
    "records: YAML syntax": (["records-syntax.yaml"], "syntax",
        "records-syntax.yaml:8: YAML syntax: while parsing a flow sequence (line 8): did not find expected ',' or ']'"),
    "records: JSON syntax": (["records-syntax.json"], "syntax",
        "records-syntax.json:1: JSON syntax: Expecting ',' delimiter (column 86)"),
    "records: Latin-1": (["records-latin1.yaml"], "not-utf8",
        "records-latin1.yaml:8: not UTF-8 (byte 0xfa); save the file as UTF-8"),
    "records: missing field": (["records-missing-field.yaml"], "missing-field",
        "records-missing-field.yaml:13: records[0]: missing required field 'name'; add it (docs/records.md lists the fields)"),
    "records: unknown country": (["records-unknown-country.yaml"], "unknown-country",
        "records-unknown-country.yaml:11: actors[1].country: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. BR, PT)"),
    "records: impossible date": (["records-impossible-date.yaml"], "bad-date",
        "records-impossible-date.yaml:17: records[0].signed: '2013-02-30' is not a real date; write YYYY-MM-DD, YYYY-MM or YYYY"),
    "records: duplicate id in a file": (["records-duplicate-id.yaml"], "duplicate-id",
        "records-duplicate-id.yaml:12: actors[2].id: duplicate id 'consortium:br:cisga-test' (first declared at "
        "{bad}/records-duplicate-id.yaml:11); declare each id once, or give this one its own id"),
    "records: duplicate id across files": (["records-duplicate-across-1.yaml", "records-duplicate-across-2.yaml"], "duplicate-id",
        "records-duplicate-across-2.yaml:2: actors[0].id: duplicate id 'consortium:br:cisga-test' (first declared at "
        "{bad}/records-duplicate-across-1.yaml:11); declare each id once, or give this one its own id"),
    "records: quote not in its source": (["records-quote-not-in-source.yaml"], "quote-not-in-source",
        "records-quote-not-in-source.yaml:24: records[0].evidence[0].quote: quote does not occur in "
        "sources/000_1e35829dcfeae21b.txt; copy the source's words exactly"),
    "records: unknown party": (["records-unknown-party.yaml"], "unknown-reference",
        "records-unknown-party.yaml:21: records[0].parties[1].actor: unknown actor id 'consortium:br:nowhere': "
        "declare it under 'actors' or load the file that does"),
    "records: not a web address": (["records-url-not-web.yaml"], "not-a-web-address",
        "records-url-not-web.yaml:5: sources[0].url: 'JavaScript:alert(document.cookie)' is not a web address: "
        "give the address of the document (http:// or https://)"),
    "records: empty YAML": (["records-empty.yaml"], "empty-file",
        "records-empty.yaml: the file is empty; expected a mapping with sources, topics, actors or records"),
    "records: empty JSON": (["records-empty.json"], "empty-file",
        "records-empty.json: the file is empty; expected a mapping with sources, topics, actors or records"),
    # facts CSV
    "facts: CSV syntax": (["facts-syntax.csv"], "syntax",
        "facts-syntax.csv:3: syntax: unexpected end of data; is a quote on this row left open?"),
    "facts: Latin-1": (["facts-latin1.csv"], "not-utf8", "facts-latin1.csv:2: not UTF-8 (byte 0xe3); save it as UTF-8"),
    "facts: missing column": (["facts-missing-column.csv"], "missing-column",
        "facts-missing-column.csv:1: the header lacks the column(s) quote; a facts file has: party_a, "
        "party_a_country, party_b, party_b_country, relation, programme, topic, year, source_address, quote"),
    "facts: unknown country": (["facts-unknown-country.csv"], "unknown-country",
        "facts-unknown-country.csv:2: party_a_country: 'Atlantis' is not a known country name or ISO code; "
        "write its ISO code (BR) or its English or Portuguese name"),
    "facts: impossible date": (["facts-impossible-date.csv"], "bad-date",
        "facts-impossible-date.csv:2: year: '2013-02-30' is not a year (YYYY)"),
    "facts: not a web address": (["facts-url-not-web.csv"], "not-a-web-address",
        "facts-url-not-web.csv:2: source_address: 'data:text/html,<script>alert(1)</script>' is not a web "
        "address: give the address of the document (http:// or https://)"),
    "facts: empty": (["facts-empty.csv"], "empty-file", f"facts-empty.csv: the file is empty; expected {FLAT}"),
    # Wikidata TSV
    "wikidata: TSV syntax": (["wikidata-syntax.tsv"], "row-width",
        "wikidata-syntax.tsv:3: the row has 3 fields and the header 12; a separator or a quote is missing or extra"),
    "wikidata: Latin-1": (["wikidata-latin1.tsv"], "not-utf8", "wikidata-latin1.tsv:2: not UTF-8 (byte 0xfa); save it as UTF-8"),
    "wikidata: missing column": (["wikidata-missing-column.tsv"], "missing-column",
        "wikidata-missing-column.tsv:1: the header lacks the column(s) destination_countryLabel; a Wikidata "
        "P190 export has: origincityLabel, origincountry, originlat, originlong, originpopulation, "
        "sistercityLabel, destinationlat, destinationlong, destinationpopulation, destination_countryLabel"),
    "wikidata: unknown country": (["wikidata-unknown-country.tsv"], "unknown-country",
        "wikidata-unknown-country.tsv:2: destination_countryLabel: 'Atlantis' is not a country with an ISO "
        "code (a historic state, or a territory without one)"),
    "wikidata: empty": (["wikidata-empty.tsv"], "empty-file", f"wikidata-empty.tsv: the file is empty; expected {FLAT}"),
    # IATI XML
    "iati: XML syntax": (["iati-syntax.xml"], "syntax", "iati-syntax.xml:10: not well-formed XML: mismatched tag (column 7)"),
    "iati: Latin-1": (["iati-latin1.xml"], "not-utf8", "iati-latin1.xml:9: not UTF-8 (byte 0xe2); save it as UTF-8"),
    "iati: missing field": (["iati-missing-field.xml"], "missing-value",
        "iati-missing-field.xml:3: iati-identifier: the activity has no iati-identifier; it is not loaded"),
    "iati: duplicate id": (["iati-duplicate-id.xml"], "duplicate-id",
        "iati-duplicate-id.xml:21: iati-identifier: activity XM-TEST-BAD-1 appears again (first at line 3); "
        "this one is not loaded"),
    "iati: empty": (["iati-empty.xml"], "empty-file", f"iati-empty.xml: the file is empty; expected {FLAT}"),
}


# IATI values that cannot be read are left out of an activity that loads: warnings.
WARNINGS = {
    "iati: unknown country": (["iati-unknown-country.xml"], "unknown-country",
        "iati-unknown-country.xml:19: recipient-country/@code: 'XX' is not in the IATI Country codelist; "
        "the country is left out"),
    "iati: impossible date": (["iati-impossible-date.xml"], "bad-date",
        "iati-impossible-date.xml:18: activity-date/@iso-date: '2013-02-30' is not a date (YYYY-MM-DD); "
        "the date is left out"),
    "iati: not a web address": (["iati-url-not-web.xml"], "not-a-web-address",
        "iati-url-not-web.xml:20: document-link/@url: 'JavaScript:alert(document.cookie)' is not a web address "
        "(http:// or https://); the link is left out"),
}


def content(graph):
    """What the store holds: counts per label and type, and a digest of every node and
    relationship with its properties."""
    status = graph.status()
    return status["labels"], status["relationships"], graph.digest()


@pytest.fixture(scope="module")
def store(graph):
    if graph.store.folder is None:
        pytest.skip("the CLI runs on the embedded store here")
    return graph, str(graph.store.folder.path), content(graph)


def load(folder, paths):
    return CliRunner().invoke(cli, ["load", *map(str, paths), "--data", folder])


def test_the_corpus_has_one_case_per_file():
    named = {name for files, _, _ in [*CASES.values(), *WARNINGS.values()] for name in files}
    assert named == {p.name for p in BAD.iterdir() if p.is_file()}


@pytest.mark.parametrize("files, code, message", CASES.values(), ids=CASES.keys())
def test_a_bad_input_gets_one_message_and_changes_nothing(store, files, code, message):
    graph, folder, before = store
    result = load(folder, [BAD / name for name in files])
    assert result.exit_code == 1, result.output
    problems = [line for line in result.output.splitlines() if line.startswith(("Error: ", str(BAD)))]
    assert problems == [f"Error: {BAD}/{message.format(bad=BAD)}"]
    assert "1 problem found; nothing was written." in result.output
    assert "Traceback" not in result.output
    assert content(graph) == before


@pytest.mark.parametrize("files, code, message", CASES.values(), ids=CASES.keys())
def test_the_json_problem_carries_its_code(files, code, message):
    result = CliRunner().invoke(cli, ["load", "--check", "--json", *(str(BAD / name) for name in files)])
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["code"], f"{BAD}/{message.format(bad=BAD)}") == (code, _text(problem))


@pytest.mark.parametrize("files, code, message", WARNINGS.values(), ids=WARNINGS.keys())
def test_an_iati_value_that_cannot_be_read_is_a_warning_and_the_activity_loads(files, code, message):
    result = CliRunner().invoke(cli, ["load", "--check", "--json", *(str(BAD / name) for name in files)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [warning] = report["warnings"]
    assert (warning["code"], f"{BAD}/{message}") == (code, _text(warning))
    assert report["rejected"] == [] and report["nodes"]["Programme"] == 1


def _text(problem: dict) -> str:
    place = f"{problem['file']}:{problem['line']}" if problem["line"] else problem["file"]
    return ": ".join([place] + ([problem["field"]] if problem["field"] else []) + [problem["message"]])


def big_records(path, megabytes=50):
    """A JSON records file of about ``megabytes`` MB: actors, then an agreement whose second
    party is declared nowhere. Returns the line of that party."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"sources": [{"id": "source:big-test", "title": "Big", "url": "https://example.org/big"}],\n'
                  '"actors": [\n')
        lines, number = 2, 0
        while out.tell() < megabytes * 1_000_000:
            out.write(json.dumps({"id": f"municipality:br:big-{number}-test", "type": "municipality",
                                  "name": f"Município Grande {number}", "country": "BR",
                                  "description": "Gerado para um teste. " + "x" * 200},
                                 ensure_ascii=False) + ",\n")
            lines, number = lines + 1, number + 1
        out.write('{"id": "municipality:br:big-last-test", "type": "municipality", "name": "Último", "country": "BR"}\n'
                  '],\n"records": [{"id": "agreement:big-test", "type": "agreement", "name": "Acordo grande",\n'
                  '"parties": [{"actor": "municipality:br:big-0-test", "role": "signatory"},\n'
                  '{"actor": "municipality:br:nowhere-test", "role": "signatory"}],\n'
                  '"evidence": [{"source": "source:big-test", "quote": "Acordo grande"}]}]}\n')
    return lines + 5


def test_a_50_mb_file_gets_the_line_of_its_one_mistake_and_changes_nothing(store, tmp_path):
    graph, folder, before = store
    path = tmp_path / "big.json"
    line = big_records(path)
    assert path.stat().st_size >= 50_000_000
    result = load(folder, [path])
    assert result.exit_code == 1
    assert f"Error: {path}:{line}: records[0].parties[1].actor: unknown actor id " \
           f"'municipality:br:nowhere-test'" in result.output
    assert "1 problem found; nothing was written." in result.output
    assert content(graph) == before


# One bad file of each kind read in Portuguese: (file, where the problem is, a phrase of its
# message, its message in English as CASES has it).
IN_PORTUGUESE = {
    "records": ("records-unknown-party.yaml", "21: records[0].parties[1].actor",
                "id de ator desconhecido 'consortium:br:nowhere': declare-o em 'actors'", "records: unknown party"),
    "facts": ("facts-unknown-country.csv", "2: party_a_country",
              "'Atlantis' não é um nome de país nem um código ISO conhecido", "facts: unknown country"),
    "wikidata": ("wikidata-unknown-country.tsv", "2: destination_countryLabel",
                 "'Atlantis' não é um país com código ISO", "wikidata: unknown country"),
    "iati": ("iati-duplicate-id.xml", "21: iati-identifier",
             "a atividade XM-TEST-BAD-1 aparece de novo (a primeira vez na linha 3)", "iati: duplicate id"),
}


@pytest.mark.pure
@pytest.mark.parametrize("name, where, phrase, case", IN_PORTUGUESE.values(), ids=IN_PORTUGUESE.keys())
def test_a_bad_input_is_told_in_the_language_chosen(name, where, phrase, case):
    def check(language):
        result = CliRunner().invoke(cli, ["load", "--check", "--lang", language, str(BAD / name)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        return [line for line in result.output.splitlines() if line.startswith(("Error: ", "Erro: "))], result.output

    [problem], output = check("pt")
    assert problem.startswith(f"Erro: {BAD}/{name}:{where}: {phrase}")
    assert "1 problema encontrado; nada foi gravado." in output
    assert "problem found" not in output
    [problem], output = check("en")
    assert problem == f"Error: {BAD}/{CASES[case][2]}"
    assert "1 problem found; nothing was written." in output


@pytest.mark.pure
def test_the_problems_of_a_load_in_portuguese_keep_their_codes_and_places():
    from munigraph.language import speaking

    files = [BAD / "facts-unknown-country.csv", BAD / "wikidata-unknown-country.tsv"]
    with speaking("pt"), pytest.raises(InputError) as raised:
        munigraph.check(files)
    assert [(p.file, p.line, p.field, p.code, p.message) for p in raised.value.problems] == [
        (str(files[0]), 2, "party_a_country", "unknown-country",
         "'Atlantis' não é um nome de país nem um código ISO conhecido; escreva o código ISO (BR) ou o nome "
         "do país em inglês ou em português"),
        (str(files[1]), 2, "destination_countryLabel", "unknown-country",
         "'Atlantis' não é um país com código ISO (um Estado histórico, ou um território sem código)")]
    assert str(raised.value).endswith("\n2 problemas encontrados; nada foi gravado. Para carregar o resto, "
                                      "deixando de fora o que não pode ser carregado e listando-o, acrescente "
                                      "--skip-rejected (skip_rejected=True em Python).")
    with pytest.raises(InputError) as raised:  # outside the block: English again
        munigraph.check(files)
    assert str(raised.value).endswith("\n2 problems found; nothing was written. To leave out what cannot be "
                                      "loaded, load the rest and list what was left out, add --skip-rejected "
                                      "(skip_rejected=True in Python).")


# Source addresses a page must never show as a link, and some it may.
NOT_WEB = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JAVASCRIPT:alert(1)",
           " javascript:alert(1)", "java\tscript:alert(1)", "file:///etc/passwd", "//evil.example/x",
           "http:///nohost", "http://[::1", "https://example.org/a b", "vbscript:msgbox(1)",
           "Relatório anual, p. 3"]
WEB = ["https://example.org/x", "http://example.org/a?b=1#c", "HTTPS://Example.org/x"]


def facts_file(path, address):
    quoted = '"' + address.replace('"', '""') + '"'  # as a spreadsheet saves it
    path.write_text("party_a,party_a_country,party_b,party_b_country,relation,programme,topic,year,"
                    f"source_address,quote\nOlhão,PT,Faro,PT,exchange,,,2019,{quoted},q\n", encoding="utf-8")
    return path


def records_file(path, address):
    path.write_text(f"sources:\n  - id: source:test\n    title: Test\n    url: {json.dumps(address)}\n",
                    encoding="utf-8")
    return path


@pytest.mark.pure
@pytest.mark.parametrize("address", NOT_WEB)
@pytest.mark.parametrize("write, line, field", [(facts_file, 2, "source_address"),
                                                (records_file, 4, "sources[0].url")], ids=["facts", "records"])
def test_a_source_address_must_be_a_web_address(write, line, field, address, tmp_path):
    path = write(tmp_path / ("in.csv" if write is facts_file else "in.yaml"), address)
    with pytest.raises(InputError) as refused:
        munigraph.check([path])
    [problem] = refused.value.problems
    assert (problem.file, problem.line, problem.field, problem.code) == (str(path), line, field, "not-a-web-address")
    assert problem.message.endswith("is not a web address: give the address of the document (http:// or https://)")


@pytest.mark.pure
@pytest.mark.parametrize("address", WEB)
@pytest.mark.parametrize("write", [facts_file, records_file], ids=["facts", "records"])
def test_a_web_address_is_a_source_address(write, address, tmp_path):
    report = munigraph.check([write(tmp_path / ("in.csv" if write is facts_file else "in.yaml"), address)])
    assert report.nodes["Source"] == 1


@pytest.mark.pure
def test_an_iati_document_link_that_is_not_a_web_address_is_left_out():
    from munigraph.loaders import iati
    from munigraph.loaders.resolve import Resolver

    loaded = iati.read(BAD / "iati-url-not-web.xml", Resolver())
    [source] = [node for node in loaded.batch.nodes if node.primary == "Source"]
    assert source.properties["url"] == "https://example.org/cooperacao"
    assert [(w.line, w.field, w.code) for w in loaded.warnings] == [(20, "document-link/@url", "not-a-web-address")]
