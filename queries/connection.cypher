// name: connection
// description: How two actors are connected: the shortest chain of cooperations between them.
// param: actor (string) — id, name or alias of one actor; example: consortium:pt:amal
// param: other (string) — id, name or alias of the other actor; example: association:cnm
// returns: hops, chain
MATCH (a:Actor) WHERE a.id = $actor OR a.name = $actor OR $actor IN coalesce(a.aliases, [])
MATCH (b:Actor) WHERE b.id = $other OR b.name = $other OR $other IN coalesce(b.aliases, [])
MATCH path = shortestPath((a)-[:TAKES_PART*..8]-(b))
RETURN length(path) / 2 AS hops, [n IN nodes(path) | n.name] AS chain
