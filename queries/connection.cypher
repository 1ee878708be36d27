// name: connection
// description: How two actors are connected: the shortest chain of cooperations between them.
// param: actor (actor) — id, name or alias of one actor; example: AMAL
// param: other (actor) — id, name or alias of the other actor; example: Maputo
// returns: actor_id, other_id, hops, chain, chain_ids
CALL () {
  MATCH (a:Actor {id: $actor}) RETURN a
  UNION  // or every actor with that name or alias: give the id when two share it
  MATCH (names:Name {prefix: left(toLower($actor), 3)})
  WITH names.forms AS forms, names.actors AS actors  // read each list once
  WITH [i IN range(0, size(forms) - 1) WHERE forms[i] = toLower($actor) | actors[i]] AS ids
  UNWIND ids AS id
  MATCH (a:Actor {id: id}) RETURN a
}
CALL (a) {
  MATCH (b:Actor {id: $other}) RETURN b
  UNION  // or every actor with that name or alias: give the id when two share it
  MATCH (names:Name {prefix: left(toLower($other), 3)})
  WITH names.forms AS forms, names.actors AS actors  // read each list once
  WITH [i IN range(0, size(forms) - 1) WHERE forms[i] = toLower($other) | actors[i]] AS ids
  UNWIND ids AS id
  MATCH (b:Actor {id: id}) RETURN b
}
WITH a, b WHERE b <> a
MATCH path = shortestPath((a)-[:TAKES_PART*..8]-(b))
RETURN a.id AS actor_id, b.id AS other_id, length(path) / 2 AS hops,
       [n IN nodes(path) | n.name] AS chain, [n IN nodes(path) | n.id] AS chain_ids
ORDER BY hops, actor_id, other_id
