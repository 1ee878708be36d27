// name: evidence
// description: What says so: the sources that name both actors in a cooperation, with their quotes.
// param: actor (string) — id, name or alias of one actor; example: AMAL
// param: other (string) — id, name or alias of the other actor; example: CISGA
// returns: actor_id, other_id, cooperation, source, url, file, quote
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
MATCH (a)-[x:TAKES_PART]->(c:Cooperation)<-[y:TAKES_PART]-(b)
WHERE a <> b
MATCH (c)-[e:EVIDENCED_BY]->(s:Source)
WHERE s.id IN x.sources AND s.id IN y.sources
RETURN DISTINCT a.id AS actor_id, b.id AS other_id, c.name AS cooperation, s.title AS source,
       s.url AS url, s.file AS file, e.quote AS quote
ORDER BY actor_id, other_id, cooperation, source, quote
