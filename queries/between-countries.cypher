// name: between-countries
// description: Cooperations joining parties (or the scope) of two countries.
// param: country (string) — ISO code, English or Portuguese name of one country; example: BR
// param: other (string) — ISO code, English or Portuguese name of the other country; example: Moçambique
// returns: cooperation, kind, start, startPrecision, parties
MATCH (x:Country) WHERE x.id = $country OR toLower($country) IN x.lookup
MATCH (y:Country) WHERE y.id = $other OR toLower($other) IN y.lookup
MATCH (c:Cooperation)
WHERE (EXISTS { MATCH (c)-[:INVOLVES]->(x) }
       OR EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(x) })
  AND (EXISTS { MATCH (c)-[:INVOLVES]->(y) }
       OR EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(y) })
OPTIONAL MATCH (c)<-[:TAKES_PART]-(a:Actor)
RETURN c.name AS cooperation, [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
       coalesce(c.start, c.signed) AS start,
       CASE WHEN c.start IS NULL THEN c.signedPrecision ELSE c.startPrecision END AS startPrecision,
       collect(DISTINCT a.name) AS parties
ORDER BY start, cooperation
