// name: topic
// description: Who works on a topic (English or Portuguese name, or id), and in which countries.
// param: topic (string) — id, English or Portuguese name of the topic; example: Sanitation
// returns: actor, country, role, cooperation
MATCH (t:Topic)
WHERE t.id = $topic OR toLower(t.name) = toLower($topic) OR toLower(t.namePt) = toLower($topic)
MATCH (c:Cooperation)-[:ON_TOPIC]->(t)
MATCH (a:Actor)-[p:TAKES_PART]->(c)
RETURN a.name AS actor, a.country AS country, p.role AS role, c.name AS cooperation
ORDER BY country, actor, cooperation
