// name: between-countries
// description: Cooperations joining parties (or the scope) of two countries, or of one country twice.
// param: country (string) — ISO code, English or Portuguese name of one country; example: BR
// param: other (string) — ISO code, English or Portuguese name of the other country; example: Moçambique
// param: limit (integer 1..10000) = 100 — at most this many cooperations, earliest first; example: 20
// returns: cooperation, kind, start, startPrecision, parties
MATCH (x:Country) WHERE x.id = $country OR toLower($country) IN x.lookup
MATCH (y:Country) WHERE y.id = $other OR toLower($other) IN y.lookup
WITH CASE WHEN x.code <= y.code THEN x.code + "|" + y.code ELSE y.code + "|" + x.code END AS pair
MATCH (p:CountryPair {id: pair})
WITH p.cooperations[..$limit] AS shown
UNWIND shown AS id
MATCH (c:Cooperation {id: id})
OPTIONAL MATCH (c)<-[:TAKES_PART]-(a:Actor)
RETURN c.name AS cooperation, [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
       coalesce(c.start, c.signed) AS start,
       CASE WHEN c.start IS NULL THEN c.signedPrecision ELSE c.startPrecision END AS startPrecision,
       collect(DISTINCT a.name) AS parties
ORDER BY start, cooperation
