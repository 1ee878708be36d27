// name: evidence
// description: What says so: the sources that name both actors in a cooperation, with their quotes.
// param: actor (actor) — id, name or alias of one actor; example: AMAL
// param: other (actor) — id, name or alias of the other actor; example: CISGA
// returns: actor_id, other_id, cooperation, source, url, file, quote
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
MATCH (a)-[x:TAKES_PART]->(c:Cooperation)<-[y:TAKES_PART]-(b)
WHERE a <> b
MATCH (c)-[e:EVIDENCED_BY]->(s:Source)
WHERE s.id IN x.sources AND s.id IN y.sources
RETURN DISTINCT a.id AS actor_id, b.id AS other_id, c.name AS cooperation, s.title AS source,
       s.url AS url, s.file AS file, e.quote AS quote
ORDER BY actor_id, other_id, cooperation, source, quote
