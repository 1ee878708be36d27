// name: evidence
// description: What says so: the sources and quotes behind the cooperations of two actors.
// param: actor (string) — id, name or alias of one actor; example: AMAL
// param: other (string) — id, name or alias of the other actor; example: CISGA
// returns: cooperation, source, url, file, quote
MATCH (a:Actor) WHERE a.id = $actor OR toLower($actor) IN a.lookup
MATCH (b:Actor) WHERE b.id = $other OR toLower($other) IN b.lookup
MATCH (a)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(b)
MATCH (c)-[e:EVIDENCED_BY]->(s:Source)
RETURN DISTINCT c.name AS cooperation, s.title AS source, s.url AS url, s.file AS file,
       e.quote AS quote
ORDER BY cooperation, source
