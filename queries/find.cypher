// name: find
// description: Actors, cooperations and topics whose name or alias contains a text (any case, accents optional).
// param: text (string) — part of a name or alias; example: olhao
// param: limit (integer) = 20 — at most this many; example: 5
// returns: kind, id, name, country, aliases
MATCH (n)
WHERE (n:Actor OR n:Cooperation OR n:Topic)
  AND any(form IN n.lookup WHERE form CONTAINS toLower($text))
WITH n, CASE WHEN toLower($text) IN n.lookup THEN 0
             WHEN any(form IN n.lookup WHERE form STARTS WITH toLower($text)) THEN 1
             ELSE 2 END AS rank
RETURN [l IN labels(n) WHERE NOT l IN ['Actor', 'Cooperation']][0] AS kind, n.id AS id,
       n.name AS name, n.country AS country, n.aliases AS aliases
ORDER BY rank, name
LIMIT $limit
