// name: topic
// description: Who works on a topic (or on one up to two levels narrower): parties, countries, cooperations.
// param: topic (string) — id, English or Portuguese name of the topic; example: solid waste
// returns: cooperation, topics, actor, country, role, scope
MATCH (t:Topic)
WHERE t.id = $topic OR toLower($topic) IN t.lookup
MATCH (c:Cooperation)-[:ON_TOPIC]->(sub:Topic)
OPTIONAL MATCH (up:Topic) WHERE up.id = sub.parent
WITH t, c, sub, up
WHERE sub = t OR up = t OR up.parent = t.id
WITH c, collect(DISTINCT sub.name) AS topics
OPTIONAL MATCH (c)-[:INVOLVES]->(k:Country)
WITH c, topics, collect(k.code) AS scope
OPTIONAL MATCH (a:Actor)-[p:TAKES_PART]->(c)
RETURN c.name AS cooperation, topics, a.name AS actor, a.country AS country, p.role AS role,
       scope
ORDER BY cooperation, country, actor, role
