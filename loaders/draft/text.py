"""Reading a document: its language, its sentences, their tokens, and the shape of names
(words that may join into one name, acronyms, names written in capitals)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from munigraph.graph.model import fold

from .words import table

WORDS = table("text")
STOP_WORDS = {lang: WORDS["stop_words"][lang] for lang in ("pt", "es", "fr", "en")}
ABBREVIATIONS = set(WORDS["abbreviations"]["words"])
CONNECTORS = set(WORDS["connectors"]["words"])
TITLE_LOWER = CONNECTORS | set(WORDS["title_lower"]["words"])
DETERMINERS = set(WORDS["determiners"]["words"])
FUNCTION_WORDS = set(WORDS["function_words"]["words"])
TOKEN = re.compile(r"\w+(?:['’](?!s\b)\w+)*|[^\w\s]")  # "d'Ávila" one word, "El Paso's" two


def detect_language(text: str) -> str | None:
    """The language (pt, es, fr, en) whose stop words ``text`` uses most; None for none.

    >>> detect_language("A cooperação entre os municípios foi assinada em 2013.")
    'pt'
    >>> detect_language("La coopération décentralisée et les villes jumelles.")
    'fr'
    """
    words = re.findall(r"\w+", text.lower())
    counts = {lang: sum(words.count(w) for w in stops) for lang, stops in STOP_WORDS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


BRAZILIAN_SPELLING = re.compile(r"\b\w*[ôê][mn][aeiou]\w*|\bprefeit[ao]s?\b|\bprefeituras?\b", re.IGNORECASE)
EUROPEAN_SPELLING = re.compile(r"\b\w*[óé][mn][aeiou]\w*|\b(?:concelhos?|autarquias?|autarcas?|freguesias?"
                               r"|objectiv\w*|activ\w*|projectos?|direcç\w*|protecç\w*|acç(?:ão|ões))\b",
                               re.IGNORECASE)


def portuguese_side(text: str) -> str | None:
    """Which side of the Atlantic a Portuguese text is written on, by its spelling and its
    local government's words: "BR" ("cerimônia", "Antônio", "prefeito"), "PT" for
    Portugal's and Africa's ("cerimónia", "António", "objectivo", "concelho", "autarca"),
    None when it does not tell.

    >>> portuguese_side("A cerimônia reuniu o prefeito e o vereador Antônio.")
    'BR'
    >>> portuguese_side("O acordo económico foi assinado na cerimónia.")
    'PT'
    """
    brazilian, european = len(BRAZILIAN_SPELLING.findall(text)), len(EUROPEAN_SPELLING.findall(text))
    return "BR" if brazilian > european else "PT" if european > brazilian else None


def misspelt(a: str, b: str) -> bool:
    """Whether two names of six letters or more differ by one or two letters (a letter
    changed, added, dropped, or two swapped): "Xaimen" and "Xiamen", "Cuemavaca" and
    "Cuernavaca". Case and accents are ignored.

    >>> misspelt("Xaimen", "Xiamen"), misspelt("Cuemavaca", "Cuernavaca"), misspelt("Madrid", "Madrid")
    (True, True, False)
    """
    a, b = fold(a), fold(b)
    if a == b or min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 2:
        return False
    row0, row1 = None, list(range(len(b) + 1))  # optimal string alignment distance
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(row1[j] + 1, row[j - 1] + 1, row1[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], row0[j - 2] + 1)
        row0, row1 = row1, row
    return row1[-1] <= 2


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``: split at . ! ? … before a capital,
    digit or quote (not after an abbreviation or an initial), at blank lines, and at line
    breaks after a line that does not run on (ending in a word in lower case or a comma); a
    list number at a line's start ("1. Havana, Cuba") does not end one.
    The spans are the text's own characters, so each is a quote the records loader finds.

    >>> text = "O Sr. Silva visitou Faro. Foi assinado um acordo\\nem 2013.\\n\\n# Título"
    >>> [text[a:b] for a, b in sentences(text)]
    ['O Sr. Silva visitou Faro.', 'Foi assinado um acordo\\nem 2013.', 'Título']
    """
    cuts = [0]
    for match in re.finditer(r"\n", text):
        before = text[max(0, match.start() - 80):match.start()].rstrip(" \t")
        after = text[match.end():]
        runs_on = (re.search(r"(?:(?<!\w)[a-zà-ÿ][\w'’-]*|[,;(–-])$", before)
                   and not re.match(r"\s*(?:\n|[-*•#|>]|\d+[.)] )", after))
        if not runs_on:
            cuts.append(match.end())
    for match in re.finditer(r"[.!?…]+[\"'”’»)\]*]*\s+(?=[\"'“«(*]?[A-ZÀ-Ý0-9])", text):
        line = text[text.rfind("\n", 0, match.start()) + 1:match.start() + 1]
        word = re.search(r"(\w+)\W*$", line[-40:])
        if re.fullmatch(r"[ \t*•-]*(?:[ivx]+|\d{1,3})\.", line) or word and (
                word[1].lower() in ABBREVIATIONS or (len(word[1]) == 1 and word[1].isupper())):
            continue  # "Sr.", "n.º", an initial, a list number "ii." at a line's start
        cuts.append(match.end())
    spans, bounds = [], sorted(set(cuts)) + [len(text)]
    for start, end in zip(bounds, bounds[1:]):
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip(" \t\n#*->•|"))
        start, end = start + lead, start + len(chunk.rstrip())
        if re.search(r"\w", text[start:end]):
            spans.append((start, end))
    return spans


@dataclass
class Token:
    text: str
    start: int
    end: int

    def __post_init__(self):
        self.key = fold(self.text)  # "" for punctuation
        self.word = self.text[0].isalnum()
        self.capital = self.text[0].isupper()  # a name, or a word opening a sentence


class Sentence:
    """One sentence of the document: its text, tokens and folded text."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = [Token(m[0], m.start(), m.end()) for m in TOKEN.finditer(text)]
        self.folded, self.offsets = "", []  # offsets: where each token starts in folded
        for token in self.tokens:
            self.offsets.append(len(self.folded))
            self.folded += (token.key or token.text) + " "

    def span_key(self, i: int, j: int) -> str:
        """Tokens i..j-1 folded, as ``fold`` folds their text."""
        return " ".join(t.key for t in self.tokens[i:j] if t.key)

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start:self.tokens[j - 1].end]

    def token_at(self, offset: int) -> int:
        """The index of the token that the folded text's ``offset`` falls in."""
        return bisect.bisect_right(self.offsets, offset) - 1

    def source(self, start: int, end: int) -> str:
        """The sentence's own words behind the folded text from ``start`` to ``end``."""
        return self.text[self.tokens[self.token_at(start)].start:self.tokens[self.token_at(end - 1)].end]

    def before(self, i: int, words: int = 4) -> str:
        """The folded text of the up to ``words`` tokens before token ``i``."""
        return " ".join(t.key for t in self.tokens[max(0, i - words):i] if t.key)


def joined(sentence: Sentence, i: int, j: int) -> bool:
    """Tokens i..j-1 may form one name: words, hyphens, dashes, slashes, apostrophes."""
    inner = sentence.tokens[i:j]
    return inner[0].word and inner[-1].word and all(t.word or t.text in "-–—/'’&" for t in inner)


def glued(tokens, j) -> bool:
    """Token j is a hyphen between two words with no space around it: "Rhône-Alpes"."""
    return (tokens[j].text == "-" and 0 < j < len(tokens) - 1 and tokens[j + 1].word
            and tokens[j - 1].end == tokens[j].start and tokens[j].end == tokens[j + 1].start)


def acronym(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,8}", word))


def title(name: str) -> str:
    """A name of several words written in capitals, in title case with lower-case connectors.

    >>> title("PLATAFORMA SMART PORTUGAL"), title("ESTUDO DE BOAS PRÁTICAS NA GESTÃO"), title("CONNECT")
    ('Plataforma Smart Portugal', 'Estudo de Boas Práticas na Gestão', 'CONNECT')
    """
    if not name.isupper() or " " not in name:
        return name
    return " ".join(w.lower() if fold(w) in TITLE_LOWER else w.capitalize() for w in name.split(" "))
