// name: connection
// description: How two actors are connected: the shortest chain of cooperations between them.
// param: actor (string) — id, name or alias of one actor; example: AMAL
// param: other (string) — id, name or alias of the other actor; example: Maputo
// returns: actor_id, other_id, hops, chain, chain_ids
OPTIONAL MATCH (byId:Actor {id: $actor})
OPTIONAL MATCH (byName:Actor {name: $actor})
WITH collect(byId) + collect(byName) AS found
CALL (found) {
  // neither its id nor its exact name: any of its names, any case, accents optional
  UNWIND CASE WHEN found = [] THEN [toLower($actor)] ELSE [] END AS form
  MATCH (n:Actor) WHERE form IN n.lookup
  RETURN collect(n) AS near
}
UNWIND found + near AS a
WITH DISTINCT a
OPTIONAL MATCH (byId:Actor {id: $other})
OPTIONAL MATCH (byName:Actor {name: $other})
WITH a, collect(byId) + collect(byName) AS found
CALL (found) {
  // neither its id nor its exact name: any of its names, any case, accents optional
  UNWIND CASE WHEN found = [] THEN [toLower($other)] ELSE [] END AS form
  MATCH (n:Actor) WHERE form IN n.lookup
  RETURN collect(n) AS near
}
UNWIND found + near AS b
WITH DISTINCT a, b
WHERE a <> b
MATCH path = shortestPath((a)-[:TAKES_PART*..8]-(b))
RETURN a.id AS actor_id, b.id AS other_id, length(path) / 2 AS hops,
       [n IN nodes(path) | n.name] AS chain, [n IN nodes(path) | n.id] AS chain_ids
ORDER BY hops, actor_id, other_id
