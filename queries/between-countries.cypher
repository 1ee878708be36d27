// name: between-countries
// description: Cooperations joining parties (or the scope) of two countries.
// param: country (string) — ISO code of one country; example: BR
// param: other (string) — ISO code of the other country; example: FR
// returns: cooperation, kind, start, parties
MATCH (c:Cooperation)
WHERE (EXISTS { MATCH (c)-[:INVOLVES]->(:Country {code: $country}) }
       OR EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor {country: $country}) })
  AND (EXISTS { MATCH (c)-[:INVOLVES]->(:Country {code: $other}) }
       OR EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor {country: $other}) })
OPTIONAL MATCH (c)<-[:TAKES_PART]-(a:Actor)
RETURN c.name AS cooperation, [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
       coalesce(c.start, c.signed) AS start, collect(DISTINCT a.name) AS parties
ORDER BY start, cooperation
