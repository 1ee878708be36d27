// name: topic
// description: Who works on a topic or a narrower one, in which countries and cooperations.
// param: topic (string) — id, English or Portuguese name of the topic; example: solid waste
// returns: actor, country, role, cooperation, topic
MATCH (t:Topic)
WHERE t.id = $topic OR toLower($topic) IN t.lookup
MATCH (c:Cooperation)-[:ON_TOPIC]->(sub:Topic)
OPTIONAL MATCH (up:Topic) WHERE up.id = sub.parent
WITH t, c, sub, up
WHERE sub = t OR up = t OR up.parent = t.id
MATCH (a:Actor)-[p:TAKES_PART]->(c)
RETURN a.name AS actor, a.country AS country, p.role AS role, c.name AS cooperation,
       sub.name AS topic
ORDER BY country, actor, cooperation
