// name: country-pairs
// description: Pairs of countries and how many cooperations join them (parties or scope).
// param: country (string) = "" — only pairs with this country (ISO code or name); example: Brasil
// param: limit (integer) = 50 — at most this many pairs; example: 10
// param: lang (string) = "" — language of the names of topics and countries, en or pt (empty: the interface's); example: pt
// returns: country, other, cooperations, examples
MATCH (c:Cooperation)
WITH c, [(c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(k:Country) | k]
        + [(c)-[:INVOLVES]->(k:Country) | k] AS places
UNWIND places AS x
UNWIND places AS y
WITH DISTINCT c, x, y
WHERE x.code < y.code
  AND ($country = "" OR toLower($country) IN x.lookup OR toLower($country) IN y.lookup)
WITH x, y, c ORDER BY c.name
RETURN CASE $lang WHEN 'pt' THEN coalesce(x.namePt, x.name) ELSE x.name END AS country,
       CASE $lang WHEN 'pt' THEN coalesce(y.namePt, y.name) ELSE y.name END AS other, count(c) AS cooperations,
       collect(c.name)[..3] AS examples
ORDER BY cooperations DESC, country, other
LIMIT $limit
