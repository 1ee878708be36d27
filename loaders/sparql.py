"""A polite SPARQL client: SELECT queries sent over HTTP with a User-Agent that names
munigraph and a contact (Wikimedia's User-Agent policy), a timeout, retries with backoff on
429 and 5xx answers (a Retry-After is honoured), and a cache of answers in the data folder
that serves a query again until ``refresh``. Answers that read as SPARQL 1.1 JSON results
are cached when the caller says the work succeeded (``keep``); anything else is one
``FetchError`` line for people.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from munigraph.graph.errors import FetchError
from munigraph.language import _

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
RETRIED = {429, 500, 502, 503, 504}  # answers worth asking again after a wait
LONGEST_WAIT = 120  # seconds: a Retry-After beyond it ends the fetch instead of waiting


@dataclass
class Answer:
    """A query's results: ``bindings`` as SPARQL JSON gives them (variable -> {"type",
    "value", "xml:lang"}), and when the answer was fetched if it came from the cache."""

    bindings: list
    cached_at: float | None = None


def project_address() -> str | None:
    """The project's web address from the installed package's metadata, if it gives one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("munigraph")
    except PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _sep, address = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and address.strip():
            return address.strip()
    return meta.get("Home-page") or None


def user_agent(contact: str | None) -> str:
    """``munigraph/VERSION (CONTACT) Python-urllib/X.Y``, the form Wikimedia asks for.

    >>> user_agent("ana@example.org").split(" (")[1].split(")")[0]
    'ana@example.org'
    """
    import munigraph

    python = f"Python-urllib/{sys.version_info.major}.{sys.version_info.minor}"
    return f"munigraph/{munigraph.__version__} ({contact}) {python}" if contact else \
        f"munigraph/{munigraph.__version__} {python}"


class Client:
    """Sends SELECT queries to ``endpoint`` and reads SPARQL 1.1 JSON results.

    ``contact`` (an e-mail or web address; default ``MUNIGRAPH_CONTACT`` or the project's
    address) goes in the User-Agent; ``timeout`` bounds each wait for the service, in
    seconds; ``retries`` is how often a 429 or 5xx answer is asked again, after Retry-After
    or ``backoff`` × 1, 2, 4… seconds; answers are read from ``cache`` (a folder; None for
    none) unless ``refresh``, and written to it by ``keep``.
    """

    def __init__(self, endpoint=DEFAULT_ENDPOINT, contact=None, timeout=60.0, retries=4, cache=None,
                 refresh=False, backoff=1.0, sleep=time.sleep):
        if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
            raise FetchError(_("the endpoint {endpoint} is not an http:// or https:// address").format(
                endpoint=repr(endpoint)))
        self.endpoint, self.timeout, self.retries = endpoint, timeout, retries
        self.contact = contact or os.environ.get("MUNIGRAPH_CONTACT") or project_address()
        self.user_agent = user_agent(self.contact)
        self.cache = Path(cache) if cache is not None else None
        self.refresh, self.backoff, self.sleep = refresh, backoff, sleep
        self.requests = 0  # answers asked of the service (retries included)
        self._new = {}  # query -> the answer's bytes, not cached yet

    def select(self, query: str, what: str, variables=()) -> Answer:
        """The results of ``query``, which must bind ``variables``; ``what`` names the
        query in errors ("the twinnings of PT")."""
        cached = self._cached(query)
        if cached is not None and not self.refresh:
            body, when = cached
            return Answer(_results(body, what, variables, self.endpoint), when)
        body = self._ask(query, what)
        answer = Answer(_results(body, what, variables, self.endpoint))
        self._new[query] = body
        return answer

    def keep(self) -> None:
        """Cache the answers received since the last ``keep``: the work they served is done."""
        for query, body in self._new.items():
            path = self._file(query)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                part = path.with_suffix(".part")
                part.write_bytes(body)
                part.chmod(0o600)
                os.replace(part, path)
        self._new.clear()

    def _ask(self, query: str, what: str) -> bytes:
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
            headers={"Accept": "application/sparql-results+json", "User-Agent": self.user_agent,
                     "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                status, detail, wait = error.code, _first_line(error), _retry_after(error.headers)
                if status not in RETRIED:
                    raise FetchError(_refused(self.endpoint, status, detail, what)) from None
            except (TimeoutError, socket.timeout):
                raise self._too_slow(what) from None
            except urllib.error.URLError as error:
                if isinstance(error.reason, (TimeoutError, socket.timeout)):
                    raise self._too_slow(what) from None
                raise FetchError(_("cannot reach {endpoint} ({reason}); is this computer offline, or the "
                                   "address wrong? Without --refresh, a fetch made before is answered from "
                                   "the cache").format(endpoint=self.endpoint, reason=error.reason)) from None
            except (http.client.HTTPException, ConnectionError) as error:
                status, detail, wait = None, str(error) or type(error).__name__, None
            if wait is not None and wait > LONGEST_WAIT:
                raise FetchError(_("{endpoint} asks to wait {seconds} s before asking again (HTTP {status}); "
                                   "try again later").format(endpoint=self.endpoint, seconds=int(wait),
                                                             status=status)) from None
            if attempt < self.retries:
                self.sleep(wait if wait is not None else self.backoff * 2 ** attempt)
        tries = self.retries + 1
        if status == 429:
            raise FetchError(_("{endpoint} is limiting requests (HTTP 429) and refused {what} {tries} times; "
                               "wait a few minutes and try again").format(endpoint=self.endpoint, what=what,
                                                                         tries=tries))
        raise FetchError(_("{endpoint} failed to answer {what} {tries} times ({detail}); try again later "
                           "or use another --endpoint").format(
                               endpoint=self.endpoint, what=what, tries=tries,
                               detail=f"HTTP {status}: {detail}" if status else detail))

    def _too_slow(self, what: str) -> FetchError:
        return FetchError(_("{endpoint} did not answer {what} within {seconds} s; give it longer with "
                            "--timeout, or ask for fewer countries at once").format(
                                endpoint=self.endpoint, what=what, seconds=f"{self.timeout:g}"))

    def _file(self, query: str) -> Path | None:
        if self.cache is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache / f"{key}.json"

    def _cached(self, query: str):
        path = self._file(query)
        if path is None or not path.is_file():
            return None
        return path.read_bytes(), path.stat().st_mtime


def _results(body: bytes, what: str, variables, endpoint: str) -> list:
    """The bindings of a SPARQL 1.1 JSON results document, or a ``FetchError`` saying why not."""
    try:
        document = json.loads(body)
        names = document["head"]["vars"]
        bindings = document["results"]["bindings"]
        if not isinstance(names, list) or not isinstance(bindings, list) or \
                not all(isinstance(b, dict) and all(isinstance(v, dict) and isinstance(v.get("value"), str)
                                                    for v in b.values()) for b in bindings):
            raise TypeError
    except (ValueError, KeyError, TypeError) as error:
        start = body[:60].decode("utf-8", "replace").replace("\n", " ")
        why = _("not JSON: {error}").format(error=error) if isinstance(error, ValueError) else \
            _("JSON without SPARQL's head.vars and results.bindings")
        raise FetchError(_("the answer of {endpoint} to {what} is not SPARQL JSON results ({why}; it "
                           "begins {start}); is the address a SPARQL endpoint?").format(
                               endpoint=endpoint, what=what, why=why, start=repr(start))) from None
    missing = [v for v in variables if v not in names]
    if missing:
        raise FetchError(_("the answer of {endpoint} to {what} lacks the variable(s) {missing}").format(
            endpoint=endpoint, what=what, missing=", ".join(f"?{v}" for v in missing)))
    return bindings


def _refused(endpoint, status, detail, what) -> str:
    if status == 403:
        return _("{endpoint} refused {what} (HTTP 403: {detail}); Wikimedia refuses clients that give no "
                 "contact: give yours with --contact or MUNIGRAPH_CONTACT").format(
                     endpoint=endpoint, what=what, detail=detail)
    return _("{endpoint} could not run {what} (HTTP {status}: {detail})").format(
        endpoint=endpoint, what=what, status=status, detail=detail)


def _first_line(error: urllib.error.HTTPError) -> str:
    """The first non-empty line of an error answer, short, or its reason."""
    try:
        text = error.read(2000).decode("utf-8", "replace")
    except OSError:
        text = ""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "") or str(error.reason)
    return line[:200]


def _retry_after(headers) -> float | None:
    """The wait a Retry-After header asks for, in seconds (a number or an HTTP date)."""
    value = (headers or {}).get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

