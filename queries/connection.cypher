// name: connection
// description: How two actors are connected: the shortest chain of cooperations between them.
// param: actor (actor) — id, name or alias of one actor; example: AMAL
// param: other (actor) — id, name or alias of the other actor; example: Maputo
// returns: actor_id, other_id, hops, chain, chain_ids
MATCH (a:Actor)
WHERE a.id = $actor OR toLower($actor) IN a.lookup  // a name two actors share matches both: give the id
MATCH (b:Actor)
WHERE (b.id = $other OR toLower($other) IN b.lookup) AND b <> a
MATCH path = shortestPath((a)-[:TAKES_PART*..8]-(b))
RETURN a.id AS actor_id, b.id AS other_id, length(path) / 2 AS hops,
       [n IN nodes(path) | n.name] AS chain, [n IN nodes(path) | n.id] AS chain_ids
ORDER BY hops, actor_id, other_id
