// name: connection
// description: How two actors are connected: the shortest chain of cooperations between them.
// param: actor (string) — id, name or alias of one actor; example: AMAL
// param: other (string) — id, name or alias of the other actor; example: CNM
// returns: hops, chain
MATCH (a:Actor) WHERE a.id = $actor OR toLower($actor) IN a.lookup
MATCH (b:Actor) WHERE b.id = $other OR toLower($other) IN b.lookup
MATCH path = shortestPath((a)-[:TAKES_PART*..8]-(b))
RETURN length(path) / 2 AS hops, [n IN nodes(path) | n.name] AS chain
