"""The exceptions munigraph raises on purpose: each message says what is wrong and what to do,
in the language being spoken (``munigraph.language``) when the error is made."""

from munigraph.language import ngettext


class MunigraphError(Exception):
    """Base class: an error with a message meant for the user."""


class StoreError(MunigraphError):
    """The store cannot be reached, started or used."""


class QueryError(MunigraphError):
    """A query that cannot run: an unknown canned query, a missing or mistyped parameter,
    or Cypher the server refused (``code``: the server's error code, when it gave one)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class ParameterError(QueryError):
    """A canned query's parameter refused: ``parameter`` names it and ``words`` says what is
    wrong in a sentence, without the command line's usage that the message may add."""

    def __init__(self, message, parameter, words):
        super().__init__(message)
        self.parameter, self.words = parameter, words


class WriteRefused(QueryError):
    """A read-only query tried to change the graph; nothing was changed."""


class InputError(MunigraphError):
    """Input files failed validation; nothing was written.

    ``problems`` holds one ``Problem`` per mistake found.
    """

    def __init__(self, problems, hint=""):
        self.problems, self.hint = list(problems), hint
        lines = [str(p) for p in self.problems]
        summary = ngettext("{n} problem found; nothing was written.",
                           "{n} problems found; nothing was written.", len(lines)).format(n=len(lines))
        super().__init__("\n".join(lines) + "\n" + summary + (f" {hint}" if hint else ""))


class Problem:
    """One mistake in an input file: where it is, what is wrong, and a stable ``code`` for
    programs (``unknown-reference``, ``bad-date``…; docs/records.md lists them).

    >>> p = Problem("facts.yaml", 17, "records[2].parties[0].actor", "unknown actor id 'x'", "unknown-reference")
    >>> str(p), p.code
    ("facts.yaml:17: records[2].parties[0].actor: unknown actor id 'x'", 'unknown-reference')
    """

    def __init__(self, file, line, field, message, code):
        self.file, self.line, self.field, self.message, self.code = str(file), line, field, message, code

    def __repr__(self):
        return f"<Problem {self.code} {self}>"

    def __str__(self):
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"

    def as_dict(self):
        return {"file": self.file, "line": self.line, "field": self.field, "code": self.code,
                "message": self.message}


class FetchError(MunigraphError):
    """A query service could not be reached or did not answer usefully; nothing was written."""


class ExportError(MunigraphError):
    """An export was refused (the file's suffix, an empty or too large selection); no file
    was written."""
