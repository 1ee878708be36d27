"""The ``munigraph`` command: one thin click function per command over the library."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys

import click

import munigraph
from munigraph.graph import embedded
from munigraph.graph.errors import ExportError, InputError, MunigraphError
from munigraph.graph.model import SUMMARY_LABELS, SUMMARY_TYPES
from munigraph.graph.words import kind_name
from munigraph.language import N_, _, languages, ngettext, speaking
from munigraph.loaders.sparql import DEFAULT_ENDPOINT
from munigraph.queries.output import FORMATS, SEPARATORS
from munigraph.queries.spreadsheet import check_out as check_rows_out
from munigraph.viz.export import KINDS as EXPORT_KINDS
from munigraph.viz.export import check_out
from munigraph.viz.measures import COLUMNS as MEASURES
from munigraph.viz.select import TWINNINGS, VIEWS
from munigraph.viz.style import COLOR_BY

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
SHOWN_UPDATES = 10  # ids of updated nodes a load's report names
SHOWN_PROBLEMS = 20  # rows left out and warnings it lists


class Failure(click.ClickException):
    """An error as one line for people, "Error: …" in the language spoken when it happened."""

    def __init__(self, message: str):
        super().__init__(message)
        self.shown = _("Error: {message}").format(message=message)

    def show(self, file=None) -> None:
        click.echo(self.shown, file=file, err=file is None)


class Group(click.Group):
    """Turns errors into one clear message (a traceback only with --debug)."""

    def invoke(self, ctx):
        driver_log, quiet = logging.getLogger("neo4j"), logging.NullHandler()
        if not ctx.params.get("debug"):  # the driver's retry notices; the outcome is reported
            driver_log.addHandler(quiet)
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # `munigraph queries | head -1`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Failure as failure:
            if ctx.params.get("debug") and failure.__cause__ is not None:
                raise failure.__cause__
            raise
        except (MunigraphError, OSError) as error:
            if ctx.params.get("debug"):
                raise
            raise Failure(str(error)) from error
        finally:
            driver_log.removeHandler(quiet)


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(munigraph.__version__, "--version", prog_name="munigraph")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def cli(debug):
    """munigraph: a knowledge graph of international municipal cooperation.

    Who cooperates with whom, on what topic, and what document says so. Without --uri,
    commands use the embedded store (ArcadeDB, started as needed on 127.0.0.1).

    \b
    Example:
        munigraph load
        munigraph status
    """


def data_option(function):
    return click.option(
        "--data", type=click.Path(file_okay=False), envvar="MUNIGRAPH_DATA",
        help="Data folder of the embedded store [env MUNIGRAPH_DATA; default: "
             "the per-user data folder].")(function)


def connection_options(function):
    """--data for the embedded store, or --uri/--user/--password/--database for Neo4j."""

    @click.option("--uri", envvar=["MUNIGRAPH_URI", "NEO4J_URI"],
                  help="Neo4j URI (bolt://, neo4j://, neo4j+s://) [env NEO4J_URI].")
    @click.option("--user", envvar=["MUNIGRAPH_USER", "NEO4J_USERNAME"], default="neo4j",
                  show_default=True, help="Neo4j user [env NEO4J_USERNAME].")
    @click.option("--password", envvar=["MUNIGRAPH_PASSWORD", "NEO4J_PASSWORD"],
                  help="Neo4j password [env NEO4J_PASSWORD].")
    @click.option("--database", envvar=["MUNIGRAPH_DATABASE", "NEO4J_DATABASE"],
                  default="neo4j", show_default=True,
                  help="Neo4j database [env NEO4J_DATABASE].")
    @data_option
    @functools.wraps(function)
    def wrapper(*args, uri, user, password, database, data, **kwargs):
        ctx = click.get_current_context()
        if uri and data and ctx.get_parameter_source("data").name == "COMMANDLINE":
            raise click.UsageError("--data is for the embedded store; it cannot be used with "
                                   "--uri. Drop one of them.")
        options = {"uri": uri, "user": user, "password": password, "database": database,
                   "data": None if uri else data}
        return function(*args, connection=options, **kwargs)

    return wrapper


def language_option(function):
    """--lang: the language of what the command prints or draws for people."""

    @click.option("--lang", "lang", type=click.Choice(languages()), envvar="MUNIGRAPH_LANG",
                  help="Language of what is shown: pt or en [env MUNIGRAPH_LANG; default: "
                       "the system locale's if Portuguese, else English].")
    @functools.wraps(function)
    def wrapper(*args, lang, **kwargs):
        with speaking(lang):
            try:
                return function(*args, **kwargs)
            except BrokenPipeError:
                raise
            except (MunigraphError, OSError) as error:  # said in this language
                raise Failure(str(error)) from error

    return wrapper


class Progress:
    """Progress bars on standard error, one per stage of a load ("read", then "write")."""

    LABELS = {"read": N_("Reading"), "write": N_("Writing"), "twinnings": N_("Asking for twinnings"),
              "places": N_("Asking for places")}

    def __init__(self):
        self.stage, self.bar = None, None

    def __call__(self, stage, n, total):
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=total, label=_(self.LABELS.get(stage, stage)),
                                         file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(n)

    def close(self):
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def describe_load(report) -> str:
    """A load's report as lines for the terminal, in the chosen language."""
    problems = _listed(N_("rejected"), report.rejected) + _listed(N_("warning"), report.warnings)
    if not report.written:
        line = _("{files} file(s) valid: {nodes} nodes, {relationships} relationships").format(
            files=len(report.files), nodes=report.node_count,
            relationships=sum(report.relationships.values()))
        if report.rejected:
            line += _("; {n} rows rejected").format(n=report.rejected_rows)
        if report.warnings:
            line += _("; {n} warnings").format(n=len(report.warnings))
        return "\n".join([line + "."] + problems)
    nodes = ", ".join(_("{n} {label}").format(n=n, label=kind_name(label))
                      for label, n in sorted(report.nodes.items()))
    rels = ", ".join(f"{n} {kind}" for kind, n in sorted(report.relationships.items()))
    lines = [_("Loaded {files} file(s) in {seconds} s.").format(files=len(report.files),
                                                                 seconds=report.seconds)]
    for item in report.inputs:
        became = ", ".join(f"{n} {_(what)}" for what, n in item["became"].items())
        lines.append(_("  {file} ({format}): {rows} rows: {became}").format(
            file=item["file"], format=item["format"], rows=item["rows"], became=became)
            + (_("; {n} rejected").format(n=item["rejected"]) if item["rejected"] else "")
            + (_("; {n} warnings").format(n=item["warnings"]) if item["warnings"] else ""))
    lines += problems
    lines += [_("  the graph of every file loaded: {nodes}").format(nodes=nodes),
              _("  relationships: {relationships}").format(relationships=rels)]
    if report.merged:
        lines.append(_("  one node each: {n} groups of ids that several files state (--json lists "
                       "them; munigraph review lists what could not be told)").format(n=len(report.merged)))
    lines.append(_("  changed: {created} nodes created, {deleted} deleted, {set} properties set, "
                   "{linked} relationships created, {unlinked} deleted").format(
                       created=report.nodes_created, deleted=report.nodes_deleted,
                       set=report.properties_set, linked=report.relationships_created,
                       unlinked=report.relationships_deleted)
                 if report.changed else _("  changed: nothing (already loaded)"))
    if report.updated:
        more = len(report.updated) - SHOWN_UPDATES
        lines.append(_("  updated: {ids}").format(ids=", ".join(report.updated[:SHOWN_UPDATES]))
                     + (_(" and {n} more").format(n=more) if more > 0 else ""))
    return "\n".join(lines)


def _listed(what, problems) -> list:
    """A line per problem, the first ``SHOWN_PROBLEMS`` of them."""
    lines = [f"  {_(what)} {problem}" for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(_("  ... and {n} more (--json lists them all)").format(
            n=len(problems) - SHOWN_PROBLEMS))
    return lines


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--check", is_flag=True, help="Only read and check the files; do not connect or write.")
@click.option("--skip-rejected", is_flag=True,
              help="Load the rows of CSV, TSV and XML files that can be loaded; list the others.")
@click.option("--json", "as_json", is_flag=True, help="Print the report or problems as JSON.")
@connection_options
@language_option
def load(paths, check, skip_rejected, as_json, connection):
    """Load cooperation records (YAML or JSON), facts (CSV), Wikidata twinnings (TSV) or
    IATI activities (XML); default: the bundled dataset. A folder stands for its files.

    Every file is read and checked first; any problem is reported with its file, line and
    field, and nothing is written (unless --skip-rejected). A valid load is written in one
    transaction. The graph is rebuilt from these files and those loaded before, so the
    order of loads does not matter and loading the same files again changes nothing.

    \b
    Example:
        munigraph load
        munigraph load my-records.yaml more-records/
        munigraph load cooperation-facts.csv wikidata-p190/ --skip-rejected
        munigraph load --check my-records.yaml
    """
    progress = Progress()
    try:
        if check:
            report = munigraph.check(paths or None, skip_rejected, progress)
        else:
            with munigraph.open(**connection) as graph:
                report = graph.load(paths or None, skip_rejected=skip_rejected, progress=progress)
    except InputError as error:
        if as_json:
            progress.close()
            click.echo(json.dumps({"valid": False, "problems": [p.as_dict() for p in error.problems]},
                                  ensure_ascii=False))
            sys.exit(1)
        raise
    finally:
        progress.close()
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, default=str) if as_json
               else describe_load(report))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@connection_options
@language_option
def unload(paths, as_json, connection):
    """Take files (a folder: the files in it) out of the graph: rebuild it from the other
    files loaded into it.

    \b
    Example:
        munigraph unload cooperation-facts.csv
        munigraph unload wikidata-p190/
    """
    with munigraph.open(**connection) as graph:
        report = graph.unload(paths)
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, default=str) if as_json
               else describe_load(report))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.option("--digest", is_flag=True, help="Also compute a SHA-256 of the graph's content.")
@connection_options
@language_option
def status(as_json, digest, connection):
    """Show where the store is and what it holds (counts per label and relationship type).

    \b
    Example:
        munigraph status
        munigraph status --uri bolt://localhost:7687 --password secret
    """
    with munigraph.open(**connection) as graph:
        info = graph.status()
        if digest:
            info["digest"] = graph.digest()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(_("store: {engine} at {location} ({server})").format(
        engine=info["engine"], location=info["location"], server=info["server"]))
    if info.get("embedded"):
        click.echo(_("server: pid {pid}, bolt://127.0.0.1:{port}").format(
            pid=info["embedded"]["pid"], port=info["embedded"]["bolt_port"]))
    labels = {k: v for k, v in info["labels"].items() if k not in SUMMARY_LABELS}
    types = {k: v for k, v in info["relationships"].items() if k not in SUMMARY_TYPES}
    summaries = {k: v for k, v in [*info["labels"].items(), *info["relationships"].items()]
                 if k in SUMMARY_LABELS + SUMMARY_TYPES}
    click.echo(_("nodes:") if labels else _("nodes: none (run `munigraph load`)"))
    for label, count in labels.items():
        click.echo(f"  {label:<14} {count:>7}")
    if types:
        click.echo(_("relationships:"))
    for kind, count in types.items():
        click.echo(f"  {kind:<14} {count:>7}")
    if summaries:
        click.echo(_("summaries kept by every load (docs/graph-model.md):"))
    for kind, count in summaries.items():
        click.echo(f"  {kind:<14} {count:>7}")
    if digest:
        click.echo(_("digest: {digest}").format(digest=info["digest"]))


JSON_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?")


def split_param(text: str) -> tuple[str, str]:
    """``key=value`` → ``(key, value)``, both text."""
    if "=" not in text:
        raise click.BadParameter(f"{text!r} is not key=value", param_hint="--param")
    key, value = text.split("=", 1)
    return key, value


def parse_param(text: str):
    """``key=value``: the value is a JSON number, true/false/null or a JSON list/object when
    it reads as one, otherwise text (``0123`` and ``NaN`` stay text)."""
    key, value = split_param(text)
    if value[:1] in "[{" or value in ("true", "false", "null") or JSON_NUMBER.fullmatch(value):
        try:
            return key, json.loads(value)
        except ValueError:
            pass
    return key, value


def answer_options(function):
    """--format (xlsx too), -o/--output and --csv-sep of a command that answers with rows,
    checked before it connects."""

    @click.option("--format", "fmt", type=click.Choice((*FORMATS, "xlsx")), default="table",
                  show_default=True, help="xlsx: a spreadsheet, written to the file -o names.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False),
                  help="Write the answer to this file (.xlsx for --format xlsx) instead of printing it.")
    @click.option("--csv-sep", type=click.Choice(list(SEPARATORS)), default=",", metavar="SEP",
                  help="CSV column separator: ',' (default), ';' (Excel with a decimal comma) or "
                       "'\\t' (tab).")
    @functools.wraps(function)
    def wrapper(*args, fmt, output, csv_sep, **kwargs):
        try:
            check_rows_out(fmt, output, csv_sep)
        except MunigraphError as error:
            raise click.UsageError(str(error)) from None
        return function(*args, fmt=fmt, output=output, csv_sep=csv_sep, **kwargs)

    return wrapper


def show_answer(rows, fmt, output, csv_sep) -> None:
    """Rows as text on the terminal, or in the file ``output`` (a workbook is written by
    the command); a file written is said with its number of rows."""
    if output and fmt != "xlsx":
        with open(output, "w", encoding="utf-8") as file:
            file.write(rows.format(fmt, sep=csv_sep) + "\n")
    elif not output and rows.keys:
        click.echo(rows.format(fmt, sep=csv_sep))
    if output:
        click.echo(ngettext("Wrote {file}: {n} row.", "Wrote {file}: {n} rows.", len(rows)).format(
            file=output, n=len(rows)))


@cli.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter ($KEY); repeatable.")
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@connection_options
@language_option
@answer_options
def cypher(query, params, write, fmt, output, csv_sep, connection):
    """Run a Cypher QUERY; read-only unless --write.

    Values go in as parameters, never into the query text.

    \b
    Example:
        munigraph cypher "MATCH (a:Actor {id: \\$id})-[:TAKES_PART]->(c) RETURN c.name AS cooperation" -p id=consortium:pt:amal
        munigraph cypher "MATCH (t:Topic) RETURN t.name AS topic, t.sdg AS sdg" --format csv
        munigraph cypher "MATCH (t:Topic) RETURN t.name AS topic, t.sdg AS sdg" --format xlsx -o topics.xlsx
    """
    parameters = dict(parse_param(p) for p in params)
    with munigraph.open(**connection) as graph:
        rows = graph.cypher(query, write=write, **parameters)
    if fmt == "xlsx":
        rows.to_xlsx(output, query=query, parameters=parameters)
    show_answer(rows, fmt, output, csv_sep)
    if not output and rows.keys and not rows:
        click.echo(_("No rows."), err=True)
    if write:
        changed = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in rows.counters.items())
        click.echo(_("changed: {what}").format(what=changed or _("nothing")), err=True)


@cli.command("queries")
@click.argument("name", required=False)
@click.option("--neodash", is_flag=True,
              help="Print a NeoDash 2.4 dashboard (JSON) with a report per query.")
@language_option
def list_queries(name, neodash):
    """List the canned queries, or show one query's parameters and Cypher.

    \b
    Example:
        munigraph queries
        munigraph queries partners
        munigraph queries --neodash > dashboard.json
    """
    import shutil
    import textwrap

    from munigraph import queries

    if neodash and name:
        raise click.UsageError("--neodash writes a dashboard of all queries; drop NAME or --neodash.")
    if neodash:
        from munigraph.queries.neodash import dashboard

        click.echo(json.dumps(dashboard(queries.catalogue()), ensure_ascii=False, indent=2))
    elif name:
        query = queries.get(name)
        click.echo("\n".join([query.usage(), _("returns: {columns}").format(columns=", ".join(query.returns)),
                              _("file: {path}").format(path=query.path),
                              _("in Neo4j: {command}").format(command=query.cypher_shell()), "",
                              query.text]))
    else:
        width = max(shutil.get_terminal_size((80, 24)).columns, 60)
        for query in queries.catalogue().values():
            click.echo(textwrap.fill(_(query.description), width, initial_indent=f"{query.name:<18}",
                                     subsequent_indent=" " * 18))


@cli.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeatable (a missing one lists them all).")
@connection_options
@language_option
@answer_options
def query(name, params, fmt, output, csv_sep, connection):
    """Run the canned query NAME read-only (see `munigraph queries`).

    NAME may also be a .cypher file of your own with the same header (docs/queries.md).

    \b
    Example:
        munigraph query partners -p actor=AMAL
        munigraph query members -p programme=InovaJuntos -p role=host --format csv
        munigraph query partners -p actor=AMAL --format xlsx -o amal.xlsx
        munigraph query partners -p actor=AMAL --format csv --csv-sep ';' -o amal.csv
        munigraph query my-question.cypher -p actor=CISGA
    """
    from munigraph import queries

    values = dict(split_param(text) for text in params)  # typed by the query's header
    queries.get(name).bind(values)  # a wrong name or parameter fails before connecting
    with munigraph.open(**connection) as graph:
        rows = graph.query(name, **values)
        if fmt == "xlsx":
            rows.to_xlsx(output, query=name, parameters=values, sources=graph.sources_of(rows))
    show_answer(rows, fmt, output, csv_sep)
    if not rows:
        names = name != "find" and any(p.type in ("string", "actor") and p.required
                                       for p in queries.get(name).parameters)
        click.echo(_("No rows.") + (_(" To check a name: munigraph query find -p text=PART-OF-IT")
                                    if names else ""), err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--csv-sep", type=click.Choice(list(SEPARATORS)), default=",", metavar="SEP",
              help="CSV column separator: ',' (default), ';' (Excel with a decimal comma) or '\\t' (tab).")
@connection_options
@language_option
def review(fmt, csv_sep, connection):
    """List suspected duplicates (same name and country, same GeoNames or Wikidata id, same
    parties and year) and roles that sources state differently, with the evidence of each
    side. Settle each with a `same_as` or `different` line in a records file (docs/inputs.md).

    \b
    Example:
        munigraph review
        munigraph review --format csv > review.csv
    """
    with munigraph.open(**connection) as graph:
        rows = graph.review()
    click.echo(rows.format(fmt, sep=csv_sep))
    if not rows:
        click.echo(_("Nothing to review."), err=True)


@cli.command()
@click.option("--country", "countries", multiple=True, metavar="CODE",
              help="Cooperations with a party in, or a scope of, this country (code or name); "
                   "repeatable.")
@click.option("--topic", help="Cooperations on this topic or a narrower one.")
@click.option("--programme", help="A programme and what is part of it.")
@click.option("--since", type=int, metavar="YEAR", help="Cooperations of this year or later.")
@click.option("--until", type=int, metavar="YEAR", help="Cooperations of this year or earlier.")
@click.option("--sort", type=click.Choice(MEASURES), default="pagerank", show_default=True,
              help="The column to rank by (numbers highest first).")
@connection_options
@language_option
@answer_options
def measures(countries, topic, programme, since, until, sort, fmt, output, csv_sep, connection):
    """Network measures of each actor: partners, degree, betweenness, PageRank, community.

    Computed on the actor network (actors joined by the cooperations they share) of the
    cooperations the options choose; one row per actor (docs/explore.md says what each
    measure means).

    \b
    Example:
        munigraph measures
        munigraph measures --country MZ --format csv -o mozambique.csv
        munigraph measures --programme InovaJuntos --sort betweenness --format xlsx -o inovajuntos.xlsx
    """
    with munigraph.open(**connection) as graph:
        rows = graph.measures(countries, topic, programme, since, until, sort)
    if fmt == "xlsx":
        chosen = {"country": list(countries), "topic": topic, "programme": programme,
                  "since": since, "until": until, "sort": sort}
        rows.to_xlsx(output, query="munigraph measures",
                     parameters={key: value for key, value in chosen.items() if value},
                     description=_("Network measures of each actor, on the network of actors "
                                   "joined by the cooperations they share (docs/explore.md); "
                                   "{note}.").format(note=rows.note))
    show_answer(rows, fmt, output, csv_sep)
    click.echo(rows.note + "." if rows else _("No rows: the options choose no cooperation."),
               err=True)


def web_address_option(url):
    """``--url``: an absolute http(s) address, as a source's address must be."""
    from munigraph.loaders.common import web_address

    if url is not None and not web_address(url.strip()):
        raise click.BadParameter(_("{url} is not a web address: give the page's http:// or https:// "
                                   "address").format(url=url))
    return url.strip() if url else None


@cli.command()
@click.argument("document", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The YAML file to write [default: DOCUMENT.draft.yaml beside it].")
@click.option("--language", type=click.Choice(["pt", "es", "fr", "en"]),
              help="The document's language [default: guessed].")
@click.option("--url", callback=lambda _context, _parameter, url: web_address_option(url),
              help="The address the document was published at: kept in its source; on a "
                   "municipality's own site (cm-felgueiras.pt, paris.fr) that municipality is "
                   "the page's subject.")
@click.option("--no-graph", is_flag=True,
              help="Do not look up the graph's actors and ids (no store needed).")
@connection_options
@language_option
def draft(document, output, language, url, no_graph, connection):
    """Propose cooperation records from a DOCUMENT's text, for a person to review.

    Writes a YAML records file (docs/drafts.md): the actors the text names (the graph's,
    and places and organisations it recognises), one proposed cooperation per sentence
    that announces one (one per pair of places for a list of twin towns or a twinning
    sentence), with its dates, topics and the sentence as evidence. Review it, then
    `munigraph load` it.

    \b
    Example:
        munigraph draft noticia.txt && munigraph load noticia.draft.yaml
        munigraph draft report.txt -o drafts/report.yaml --language en
        munigraph draft geminacoes.txt --url https://www.cm-felgueiras.pt/geminacoes
    """
    if no_graph:
        written = munigraph.draft(document, output, language, url)
    else:
        with munigraph.open(**connection) as graph:
            written = graph.draft(document, output, language, url)
    click.echo(_("Wrote {file}: review the proposals, then `munigraph load {file}`.").format(file=written))


@cli.group()
def fetch():
    """Fetch cooperation data from public services into files that `munigraph load` reads.

    \b
    Example:
        munigraph fetch wikidata --country BR --load
    """


@fetch.command("wikidata")
@click.option("--country", "countries", multiple=True, metavar="CODE",
              help="A country whose towns' and regions' twinnings to fetch: ISO code (BR) or name; repeatable.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The TSV file to write [default: wikidata-p190-CODES.tsv here].")
@click.option("--endpoint", default=DEFAULT_ENDPOINT, show_default=True, metavar="URL",
              help="A SPARQL endpoint that holds Wikidata: a mirror, a local QLever or Blazegraph.")
@click.option("--contact", envvar="MUNIGRAPH_CONTACT", metavar="ADDRESS",
              help="Your e-mail or web address, sent in the User-Agent as Wikimedia asks [env MUNIGRAPH_CONTACT].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60, show_default=True, metavar="SECONDS",
              help="Seconds to wait for each answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True, metavar="N",
              help="How often to ask again after a 429 or 5xx answer (waiting as the service asks, "
                   "or 1, 2, 4… s).")
@click.option("--refresh", is_flag=True, help="Ask the service again instead of reusing its earlier answers.")
@click.option("--show-query", is_flag=True, help="Print the SPARQL queries (as sent for each --country) and stop.")
@click.option("--load", "then_load", is_flag=True, help="Load the file into the graph once it is written.")
@connection_options
@language_option
def fetch_wikidata(countries, output, endpoint, contact, timeout, retries, refresh, show_query, then_load,
                   connection):
    """Fetch the twinnings of the towns and regions of countries from Wikidata (property
    P190) into a TSV that `munigraph load` reads, with each place's Wikidata id,
    coordinates, population and names in other languages, and each twinning's dates.

    Answers are kept in the data folder and reused until --refresh, so a fetch made once
    works offline. The queries are in the open: --show-query prints them (docs/inputs.md).

    \b
    Example:
        munigraph fetch wikidata --country BR --country MZ --load
        munigraph fetch wikidata --country PT -o pt.tsv && munigraph load pt.tsv
        munigraph fetch wikidata --show-query --country PT
    """
    from munigraph.loaders import wikidata_fetch

    if show_query:
        codes = wikidata_fetch.country_codes(countries) if countries else []
        queries = [(code, wikidata_fetch.twinnings_query(code)) for code in codes] or \
            [(None, wikidata_fetch.query_file(wikidata_fetch.TWINNINGS_QUERY))]
        for code, text in queries:
            if code:
                click.echo(_("# --country {code}").format(code=code))
            click.echo(text)
        click.echo(wikidata_fetch.query_file(wikidata_fetch.PLACES_QUERY))
        return
    if not countries:
        raise click.UsageError(_("name at least one country: --country BR (repeatable)"))
    progress = Progress()
    try:
        report = munigraph.fetch_wikidata(countries, output, endpoint, contact, timeout, retries, refresh,
                                          connection["data"], progress)
    finally:
        progress.close()
    click.echo(describe_fetch(report, not then_load))
    if then_load:
        with munigraph.open(**connection) as graph:
            loaded = graph.load([report.path], progress=progress)
        progress.close()
        click.echo(describe_load(loaded))


def describe_fetch(report, hint_load) -> str:
    """A fetch's report as lines for the terminal, in the chosen language."""
    from munigraph.loaders.wikidata_fetch import when

    lines = [_("Wrote {n} rows (twinnings between {places} Wikidata items) to {file}.").format(
        n=report.twinnings, places=report.places, file=report.path)]
    lines.append(_("  twinnings found: {counts} (at {endpoint})").format(
        counts=", ".join(f"{code} {n}" for code, n in report.by_country.items()), endpoint=report.endpoint))
    if report.cached:
        lines.append(_("  {cached} of {answers} answers from the cache of {since} (--refresh asks again)").format(
            cached=report.cached, answers=report.answers, since=when(report.cached_since)))
    for code, n in report.by_country.items():
        if not n:
            lines.append(_("  no twinning found for {code}").format(code=code))
    if report.left_out:
        lines.append(_("  left out {n} twinnings that cannot be loaded:").format(n=len(report.left_out)))
        lines += [f"    {why}" for why in report.left_out[:SHOWN_PROBLEMS]]
        if len(report.left_out) > SHOWN_PROBLEMS:
            lines.append(_("    ... and {n} more").format(n=len(report.left_out) - SHOWN_PROBLEMS))
    if not report.contact and report.endpoint == DEFAULT_ENDPOINT:
        lines.append(_("  Wikimedia asks clients for a contact: give yours with --contact or MUNIGRAPH_CONTACT."))
    if hint_load:
        lines.append(_("  Load it with: munigraph load {file}").format(file=report.path))
    return "\n".join(lines)




def two_countries(_context, _parameter, between):
    """``--between``'s two countries, refused when an option was taken for one (``--between
    BR --lang pt``: click takes the next word, whatever it is)."""
    if between and any(code.startswith("-") for code in between):
        raise click.BadParameter(_("--between takes two countries, as in --between BR MZ; it "
                                   "got {got}").format(got=" ".join(between)))
    return between


@cli.command()
@click.argument("kind", metavar="FORMAT", type=click.Choice(EXPORT_KINDS))
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--actor", help="An actor's ego network (id, name or alias).")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="With --actor: how many cooperations out.")
@click.option("--country", "countries", multiple=True, metavar="CODE",
              help="Cooperations with a party or scope in this country (code or name); repeatable: "
                   "any of them.")
@click.option("--between", nargs=2, metavar="CODE CODE", callback=two_countries,
              help="Cooperations joining a party of one country with a party (or the scope) of "
                   "the other; only those two countries' parties are drawn.")
@click.option("--topic", help="Cooperations on this topic or a narrower one.")
@click.option("--programme", help="A programme and what is part of it.")
@click.option("--since", type=int, metavar="YEAR", help="Cooperations of this year or later.")
@click.option("--query", "query_name", metavar="NAME",
              help="The actors and cooperations a canned query names (with -p).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of --query; repeatable.")
@click.option("--view", type=click.Choice(VIEWS),
              default="cooperations", show_default=True,
              help="Keep cooperation nodes, join actors directly (who with whom), join "
                   "countries (how many cooperations join them), or join programmes to their "
                   "parties (cooperations in no programme are counted, not drawn).")
@click.option("--twinnings", type=click.Choice(TWINNINGS), default="node",
              show_default=True, help="With --view cooperations: draw each twinning as a node "
              "between its two towns, or as a direct link between them.")
@click.option("--min-shared", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="With --view actors: draw links of at least N shared cooperations; actors left "
                   "without a link are named in the caption.")
@click.option("--color", "--colour", "color", type=click.Choice(COLOR_BY),
              default="kind", show_default=True, help="Colour the nodes by kind, country, "
              "programme or community (groups found by the Louvain method), with a legend.")
@click.option("--title", help="Title of the picture, page or map [default: "
                                "\"International municipal cooperation\", in the chosen language].")
@click.option("--width", metavar="SIZE", help="png/svg/pdf: width in pixels (2400, 2400px) or "
              "a length (18cm, 210mm, 7.5in) [default: 29.7cm, A4 landscape].")
@click.option("--height", metavar="SIZE", help="png/svg/pdf: height, as --width [default: 21cm, "
              "or in A4's proportion to --width].")
@click.option("--dpi", type=click.IntRange(50, 1200), default=200, show_default=True,
              help="png/svg/pdf: dots per inch; with a length, sets the pixels.")
@connection_options
@language_option
def export(kind, out, actor, depth, countries, between, topic, programme, since, query_name, params,
           view, twinnings, min_shared, color, title, width, height, dpi, connection):
    """Export a picture or graph file of the graph, or of the part the filters choose.

    FORMAT is html (interactive, self-contained, opens offline), png, svg or pdf (for
    print), gexf or graphml (for Gephi and other tools), or map (links on a map: a page
    that opens offline, or a png/svg/pdf for print, by OUT's suffix). Filters combine;
    without any, the whole graph is exported.

    \b
    Example:
        munigraph export html amal.html --actor AMAL --depth 2
        munigraph export png brazil-mozambique.png --between BR MZ --view actors
        munigraph export svg inovajuntos.svg --programme InovaJuntos --view actors --color country --width 18cm
        munigraph export gexf twinnings.gexf --since 2000
        munigraph export map partners.html --query partners -p actor=CISGA
    """
    if params and not query_name:
        raise click.UsageError("-p/--param goes with --query NAME.")
    try:
        check_out(kind, out)  # before connecting
    except ExportError as error:
        raise click.UsageError(str(error)) from None
    with munigraph.open(**connection) as graph:
        report = graph.export(kind, out, actor=actor, depth=depth, countries=countries,
                              between=between or None, topic=topic,
                              programme=programme, since=since, query=query_name,
                              parameters=dict(split_param(p) for p in params), view=view,
                              min_shared=min_shared, color=color, twinnings=twinnings,
                              title=title, width=width, height=height, dpi=dpi)
    if report.warning:
        click.echo(report.warning, err=True)
    click.echo(str(report))


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The page has no login: any other address than "
                   "127.0.0.1 lets whoever reaches it read the graph.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A name or address people type to reach the page when --host is not "
                   "127.0.0.1 (repeatable; needed then): requests addressed to any other "
                   "name are refused.")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
@connection_options
@language_option
def explore(port, host, allow_hosts, no_browser, connection):
    """Explore the graph in a web page served on this machine (read-only; Ctrl-C stops it).

    Search with completion, neighbourhoods, the evidence behind each cooperation, the path
    between two actors and the canned questions; see docs/explore.md.

    \b
    Example:
        munigraph explore
        munigraph explore --port 8080 --no-browser
        munigraph explore --host 0.0.0.0 --allow-host 192.168.1.20 --port 8080
    """
    from munigraph.viz.explore import hosts_allowed

    hosts_allowed(host, allow_hosts)  # refused before the store is opened
    with munigraph.open(**connection) as graph:
        graph.explore(host, port, open_browser=not no_browser, allow_hosts=allow_hosts,
                      language=click.get_current_context().params.get("lang"))


@cli.command()
@click.option("--size", type=click.Choice(["small", "medium", "large"]), default="small",
              show_default=True, help="1k, 10k or 100k actors (large: about 1M relationships).")
@click.option("--runs", type=click.IntRange(10), default=50, show_default=True,
              help="Runs of each canned query.")
@click.option("--sample", type=click.IntRange(100), default=3000, show_default=True,
              help="Rows written by the per-record loader.")
@click.option("--out", type=click.Path(dir_okay=False), help="JSON file of the results "
              "[default: bench-SIZE.json].")
@connection_options
@language_option
def bench(size, runs, sample, out, connection):
    """Measure load, query and export speed on a generated graph, against a per-record
    loader measured in the same run; print a table and write JSON (docs/performance.md).

    The graph is loaded into a new embedded store (removed afterwards), into --data (an
    empty folder) or into the Neo4j database at --uri, which must be empty.

    \b
    Example:
        munigraph bench
        munigraph bench --size large --out large.json
    """
    from munigraph.benchmarks.bench import run, table

    result = run(size, runs=runs, sample=sample, echo=lambda text: click.echo(text, err=True),
                 **connection)
    click.echo(table(result))
    path = out or f"bench-{size}.json"
    with open(path, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=2, ensure_ascii=False)
    click.echo(f"\nWritten: {path}")


@cli.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@connection_options
@language_option
def reset(yes, connection):
    """Delete every node and relationship of the store.

    \b
    Example:
        munigraph reset --yes && munigraph load
    """
    with munigraph.open(**connection) as graph:
        if not yes:
            click.confirm(_("Delete everything in {location}?").format(location=graph.location), abort=True)
        graph.reset()
    click.echo(_("The store is empty."))


@cli.group()
def server():
    """Start, stop or inspect the embedded store's server.

    Commands start the server when they need it; a server started that way stops after
    it has been idle for 10 minutes (MUNIGRAPH_IDLE_TIMEOUT, in seconds). `server start`
    starts one that runs until `server stop`.

    \b
    Example:
        munigraph server start && munigraph server status
    """


@server.command("start")
@data_option
@click.option("--idle-timeout", type=click.IntRange(min=0), default=0, show_default=True,
              help="Stop after this many idle seconds (0: never).")
@language_option
def server_start(data, idle_timeout):
    """Start the embedded server (or report the one already running).

    \b
    Example:
        munigraph server start --data ./graph-data
    """
    folder = embedded.DataFolder(data or embedded.default_data_dir())
    running = folder.server_info()
    info = running or embedded.ensure_server(folder, idle_timeout)
    state = _("already running: {address} (pid {pid}) on {folder}") if running else _(
        "started: {address} (pid {pid}) on {folder}")
    click.echo(state.format(address=f"bolt://127.0.0.1:{info['bolt_port']}", pid=info["pid"],
                            folder=folder.path))
    if running and running["idle_timeout"] != idle_timeout:
        click.echo(_("It was started with an idle timeout of {seconds} s (0: never); to change it, "
                     "`munigraph server stop` and start it again.").format(seconds=running["idle_timeout"]))


@server.command("stop")
@data_option
@language_option
def server_stop(data):
    """Stop the embedded server at once.

    \b
    Example:
        munigraph server stop
    """
    folder = embedded.DataFolder(data or embedded.default_data_dir())
    click.echo(_("stopped") if embedded.stop_server(folder)
               else _("no server running on {folder}").format(folder=folder.path))


@server.command("status")
@data_option
@language_option
def server_status(data):
    """Say whether the embedded server runs, where, and for how long it may idle.

    \b
    Example:
        munigraph server status
    """
    folder = embedded.DataFolder(data or embedded.default_data_dir())
    info = folder.server_info()
    if not info:
        click.echo(_("not running (data folder {folder})").format(folder=folder.path))
        sys.exit(1)
    idle = (_("stops after {seconds} s idle").format(seconds=info["idle_timeout"]) if info["idle_timeout"]
            else _("no idle stop"))
    click.echo(_("running: {address} (pid {pid}, {idle}) on {folder}").format(
        address=f"bolt://127.0.0.1:{info['bolt_port']}", pid=info["pid"], idle=idle, folder=folder.path))


@cli.command()
@click.argument("name", type=click.Choice(["records"]))
def schema(name):
    """Print the JSON Schema of an input format (for editors and CI).

    \b
    Example:
        munigraph schema records > records.schema.json
    """
    from munigraph.loaders import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    cli()
