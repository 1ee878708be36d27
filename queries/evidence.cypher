// name: evidence
// description: What says so: the sources that name both actors in a cooperation, with their quotes.
// param: actor (actor) — id, name or alias of one actor; example: AMAL
// param: other (actor) — id, name or alias of the other actor; example: CISGA
// returns: actor_id, other_id, cooperation, source, url, file, quote
MATCH (a:Actor)
WHERE a.id = $actor OR toLower($actor) IN a.lookup  // a name two actors share matches both: give the id
MATCH (b:Actor)
WHERE b.id = $other OR toLower($other) IN b.lookup
MATCH (a)-[x:TAKES_PART]->(c:Cooperation)<-[y:TAKES_PART]-(b)
WHERE a <> b
MATCH (c)-[e:EVIDENCED_BY]->(s:Source)
WHERE s.id IN x.sources AND s.id IN y.sources
RETURN DISTINCT a.id AS actor_id, b.id AS other_id, c.name AS cooperation, s.title AS source,
       s.url AS url, s.file AS file, e.quote AS quote
ORDER BY actor_id, other_id, cooperation, source, quote
