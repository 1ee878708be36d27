"""One query path: a connection to the graph through the official neo4j driver.

``Store.connect()`` opens either the embedded store (an ArcadeDB server that munigraph
starts over a data folder) or a Neo4j server (``bolt://``, ``neo4j://``, ``neo4j+s://``).
Reads run in read transactions (read routing), writes in write transactions (write
routing), always with ``$parameters`` and an explicit database.

Where ArcadeDB's Cypher differs from Neo4j's, the Neo4j form is kept and the difference
is handled here or in ``write.py``:

- ArcadeDB accepts writes in a read transaction. ``Store.read`` therefore checks the
  summary of every read and rolls the transaction back when it changed anything, on
  both engines (Neo4j refuses such a write by itself).
- ArcadeDB applies schema commands (``CREATE``/``DROP`` ``CONSTRAINT``/``INDEX``) at once,
  outside the transaction, so a rollback cannot undo them: ``Store.read`` refuses them
  before they reach the server.
"""

from __future__ import annotations

import copy
import fcntl
import re

import neo4j
from neo4j.exceptions import (AuthError, ClientError, DatabaseError, DriverError, Neo4jError,
                              ServiceUnavailable, SessionExpired)

from munigraph.language import N_, _

from . import embedded
from .errors import MunigraphError, QueryError, StoreError, WriteRefused

SCHEMA_COMMAND = re.compile(
    r"^\s*(?:CYPHER(?:\s+\w+\s*=\s*\w+)*\s+)?(?:USE\s+[\w.`]+\s+)?(?:(?:EXPLAIN|PROFILE)\s+)?"
    r"(?:(?:CREATE|DROP|ALTER)\s+(?:OR\s+REPLACE\s+)?"
    r"(?:\w+\s+)?(?:CONSTRAINT|INDEX|DATABASE|ALIAS|USER|ROLE)\b|GRANT\b|DENY\b|REVOKE\b)",
    re.IGNORECASE)
# The driver retries a transaction that failed transiently for up to this long (30 s by
# default); on the embedded server a retry that has not worked in 5 s will not.
EMBEDDED_RETRY_SECONDS = 5
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
COMMENT_OR_STRING = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"",
                               re.DOTALL)
CHANGES_THE_GRAPH = N_("this query changes the graph; it was rolled back "
                       "(allow writes with --write, or write=True in Python)")


def is_schema_command(query: str) -> bool:
    """Whether ``query`` changes the schema or the users (which no rollback undoes).

    >>> is_schema_command("// tidy up\\nDROP CONSTRAINT actor_id")
    True
    >>> is_schema_command("CREATE TEXT INDEX t IF NOT EXISTS FOR (n:Topic) ON (n.name)")
    True
    >>> is_schema_command("USE neo4j DROP CONSTRAINT topic_id")
    True
    >>> is_schema_command("MATCH (c:Cooperation) RETURN c.name AS index")
    False
    >>> is_schema_command("RETURN 'x; DROP INDEX y' AS s")
    False
    """
    text = COMMENT_OR_STRING.sub(lambda m: "''" if m.group()[0] in "'\"" else " ", query)
    return any(SCHEMA_COMMAND.match(part) for part in text.split(";"))


class Store:
    """A connection to a munigraph graph. Use ``Store.connect(...)``; close it when done.

    >>> with Store.connect(data="/tmp/munigraph-doctest") as store:   # doctest: +SKIP
    ...     store.read("MATCH (a:Actor {id: $id}) RETURN a.name AS name", id="consortium:pt:amal")
    [{'name': 'AMAL – Comunidade Intermunicipal do Algarve'}]
    """

    def __init__(self, driver, database, location, engine, folder=None, client_lock=None):
        self.driver = driver
        self.database = database
        self.location = location
        self.engine = engine  # "arcadedb" or "neo4j"
        self.folder = folder
        self._client_lock = client_lock  # held (shared) while open: the server stays up
        self.read_timeout = None  # seconds a read transaction may take (``limited``)

    @classmethod
    def connect(cls, uri=None, user=None, password=None, database=None, data=None,
                idle_timeout=None) -> "Store":
        """Open the Neo4j server at ``uri``, or else the embedded store in ``data``.

        Without ``uri``, the embedded store's folder is ``data``, ``MUNIGRAPH_DATA``
        or the per-user data folder; its server is started when not running.
        """
        if uri:
            return cls._connect_neo4j(uri, user or "neo4j", password, database or "neo4j")
        folder = embedded.DataFolder(data or embedded.default_data_dir())
        folder.ensure()
        client_lock = folder.open("clients.lock")
        fcntl.flock(client_lock, fcntl.LOCK_SH)  # before looking: an idle server waits for us
        try:
            info = embedded.ensure_server(folder, idle_timeout)
            uri = f"bolt://127.0.0.1:{info['bolt_port']}"
            driver = neo4j.GraphDatabase.driver(uri, auth=(folder.user(), folder.password()),
                                                max_transaction_retry_time=EMBEDDED_RETRY_SECONDS)
            try:
                driver.verify_connectivity()
            except AuthError as error:  # a lockout, or a server an older munigraph started
                driver.close()
                raise StoreError(_("the embedded server on {folder} refused munigraph's login: "
                                   "after repeated failed attempts it refuses logins for "
                                   "{seconds} s. Retry in about {seconds} s; if it still "
                                   "refuses, `munigraph server stop --data {folder}`").format(
                    folder=folder.path, seconds=embedded.LOCKOUT_SECONDS)) from error
            except (Neo4jError, DriverError) as error:
                driver.close()
                raise StoreError(_("cannot use the embedded server on {folder} ({error}); "
                                   "try `munigraph server stop --data {folder}`").format(
                                       folder=folder.path, error=error)) from error
        except BaseException:
            client_lock.close()
            raise
        return cls(driver, embedded.DATABASE, str(folder.path), "arcadedb", folder, client_lock)

    @classmethod
    def _connect_neo4j(cls, uri, user, password, database):
        if uri.split("://")[0] not in BOLT_SCHEMES:
            raise StoreError(_("{uri} is not a Neo4j URI: use one of {schemes}").format(
                uri=uri, schemes=", ".join(f"{scheme}://" for scheme in BOLT_SCHEMES)))
        try:
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password or ""))
        except (ValueError, DriverError) as error:  # a malformed address or option
            raise StoreError(_("{uri} is not a usable Neo4j URI: {error}").format(uri=uri, error=error)) from error
        try:
            driver.verify_connectivity()
            driver.execute_query("RETURN 1", database_=database, routing_="r")
        except AuthError as error:
            driver.close()
            raise StoreError(_("{uri} refused user {user}: wrong user name or password "
                               "(see --user/--password, NEO4J_USERNAME/NEO4J_PASSWORD)").format(
                                   uri=uri, user=repr(user))) from error
        except ServiceUnavailable as error:
            driver.close()
            raise StoreError(_("cannot reach {uri}: is the server running "
                               "(`docker compose up -d`)?").format(uri=uri)) from error
        except ClientError as error:
            driver.close()
            if "DatabaseNotFound" in (error.code or ""):
                raise StoreError(_("database {database} does not exist on {uri} "
                                   "(see --database/NEO4J_DATABASE)").format(
                                       database=repr(database), uri=uri)) from error
            raise StoreError(f"{uri}: {error.message}") from error
        except ValueError as error:  # an address that cannot be resolved
            driver.close()
            raise StoreError(_("{uri} is not a usable Neo4j URI: {error}").format(uri=uri, error=error)) from error
        except (Neo4jError, DriverError) as error:
            driver.close()
            raise _store_error(error, uri) from error
        store = cls(driver, database, uri, "neo4j")
        store.engine = "arcadedb" if "ArcadeDB" in store.server_version() else "neo4j"
        return store

    def limited(self, seconds: float) -> "Store":
        """This store (the same connection), whose read transactions the server stops after
        ``seconds``: Neo4j does; the embedded ArcadeDB server ignores a transaction's
        timeout (docs/stores.md)."""
        limited = copy.copy(self)
        limited.read_timeout = seconds
        return limited

    def read(self, query, parameters=None, **kwparameters) -> list[dict]:
        """Run a read-only query and return its rows as dicts.

        Raises ``WriteRefused`` (and changes nothing) when the query would write.
        """
        rows, _keys = self.read_with_keys(query, parameters, **kwparameters)
        return rows

    def read_with_keys(self, query, parameters=None, **kwparameters):
        """Like ``read``, also returning the column names in order."""
        parameters = {**(parameters or {}), **kwparameters}
        if is_schema_command(query):
            raise WriteRefused(_("this query changes the schema; it was not run "
                                 "(allow writes with --write, or write=True in Python)"))

        def work(tx):
            result = tx.run(query, parameters)
            keys = list(result.keys())
            rows = [record.data() for record in result]
            counters = result.consume().counters
            if counters.contains_updates or counters.contains_system_updates:
                raise WriteRefused(_(CHANGES_THE_GRAPH))
            return rows, keys

        return self._transaction(neo4j.READ_ACCESS, work, N_("nothing was changed"))

    def write(self, query, parameters=None, **kwparameters):
        """Run one query in a write transaction; return (rows, keys, counters)."""
        parameters = {**(parameters or {}), **kwparameters}

        def work(tx):
            result = tx.run(query, parameters)
            keys = list(result.keys())
            rows = [record.data() for record in result]
            return rows, keys, result.consume().counters

        return self.write_transaction(work)

    def write_transaction(self, work):
        """Run ``work(tx)`` in one write transaction: all of it is committed, or nothing."""
        return self._transaction(neo4j.WRITE_ACCESS, work, N_("nothing was written"))

    def _transaction(self, access_mode, work, outcome):
        """Run ``work(tx)`` as a managed transaction, retried after a transient failure but
        not after the embedded server died or ran out of memory; errors as munigraph's."""
        logged = self._log_size()

        def attempt(tx):
            try:
                return work(tx)
            except (ServiceUnavailable, SessionExpired, DatabaseError) as error:
                self._explain(error, logged, outcome)
                raise

        if access_mode == neo4j.READ_ACCESS and self.read_timeout:
            attempt = neo4j.unit_of_work(timeout=self.read_timeout)(attempt)
        with self.session(access_mode) as session:
            run = session.execute_write if access_mode == neo4j.WRITE_ACCESS else session.execute_read
            try:
                return run(attempt)
            except (Neo4jError, DriverError) as error:
                self._explain(error, logged, outcome)
                raise wrapped(error, self.location) from error

    def _log_size(self) -> int:
        log = self.folder.file("server.log") if self.folder else None
        return log.stat().st_size if log and log.exists() else 0

    def _explain(self, error, logged, outcome=N_("nothing was changed")):
        """Raise a ``StoreError`` saying why the embedded server failed a transaction, when
        it ran out of memory or is no longer running (``outcome``: what became of the
        transaction, a message marked with ``N_``)."""
        if self.folder is None or not isinstance(error, (ServiceUnavailable, SessionExpired,
                                                         DatabaseError)):
            return
        if b"OutOfMemoryError" in _read_from(self.folder.file("server.log"), logged):
            raise StoreError(_(
                "the embedded server ran out of memory in this transaction; {outcome}. Give it "
                "more (MUNIGRAPH_HEAP, now {heap}; e.g. `munigraph server stop` "
                "then MUNIGRAPH_HEAP=3g) or load the files in several parts "
                "(docs/performance.md)").format(outcome=_(outcome), heap=embedded.heap_size())) from error
        if self.folder.server_info() is None:
            raise StoreError(_(
                "the embedded server on {folder} stopped during this transaction; "
                "{outcome}, and the store is as it was before it. Run the command again: it "
                "starts a new server").format(folder=self.folder.path, outcome=_(outcome))) from error

    def session(self, access_mode):
        return self.driver.session(database=self.database, default_access_mode=access_mode)

    def server_version(self) -> str:
        try:
            return self.driver.get_server_info().agent
        except (Neo4jError, DriverError) as error:
            raise _store_error(error, self.location) from error

    def close(self):
        self.driver.close()
        if self._client_lock is not None:
            self.folder.touch()
            self._client_lock.close()
            self._client_lock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<Store {self.engine} {self.location}>"


def wrapped(error, location) -> MunigraphError:
    """A driver or server error as munigraph's, in one line: ``WriteRefused`` for a write in
    a read transaction, ``QueryError`` (with the server's code) for other statements the
    server refused, ``StoreError`` for a store that failed or refused the connection."""
    code = getattr(error, "code", None) or ""
    if code == "Neo.ClientError.Statement.AccessMode":
        return WriteRefused(_(CHANGES_THE_GRAPH))
    if isinstance(error, ClientError) and not code.startswith(("Neo.ClientError.Security",
                                                               "Neo.ClientError.Transaction")):
        return QueryError(_("the query was refused: {reason}").format(reason=_lines(error)[0]), code or None)
    return _store_error(error, location)


def _store_error(error, location) -> StoreError:
    return StoreError(_("the store at {location} failed: {reason}").format(
        location=location, reason="; ".join(_lines(error))))


def _lines(error) -> list:
    """The lines of a driver error's message (its first line says what; a syntax error's
    next lines show the query)."""
    message = (getattr(error, "message", None) if isinstance(error, Neo4jError) else None) or str(error)
    return [line.strip() for line in message.strip().splitlines() if line.strip()] or [type(error).__name__]


def _read_from(path, offset: int) -> bytes:
    try:
        with open(path, "rb") as file:
            file.seek(offset)
            return file.read()
    except OSError:
        return b""
