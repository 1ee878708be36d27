// name: topic
// description: Who works on a topic (or on one up to two levels narrower): parties, countries, cooperations.
// param: topic (string) — id, English or Portuguese name of the topic; example: solid waste
// param: limit (integer 1..10000) = 100 — at most this many cooperations, by name; example: 20
// param: lang (string) = "" — language of the names of topics and countries, en or pt (empty: the interface's); example: pt
// returns: cooperation, topics, actor, country, role, scope
MATCH (t:Topic)
WHERE t.id = $topic OR toLower($topic) IN t.lookup
MATCH (listed:TopicCooperations {topic: t.id})  // its cooperations and narrower ones', by name, kept by the load
WITH t.id AS topic, listed.cooperations[..$limit] AS shown
UNWIND shown AS id
MATCH (c:Cooperation {id: id})-[:ON_TOPIC]->(sub:Topic)  // its topics: this one and narrower ones
WHERE sub.id = topic OR sub.parent = topic
   OR EXISTS { MATCH (up:Topic {id: sub.parent}) WHERE up.parent = topic }
WITH c, collect(DISTINCT CASE $lang WHEN 'pt' THEN coalesce(sub.namePt, sub.name) ELSE sub.name END) AS topics
ORDER BY c.name
LIMIT $limit
OPTIONAL MATCH (c)-[:INVOLVES]->(k:Country)
WITH c, topics, collect(k.code) AS scope
OPTIONAL MATCH (a:Actor)-[p:TAKES_PART]->(c)
RETURN c.name AS cooperation, topics, a.name AS actor, a.country AS country, p.role AS role,
       scope
ORDER BY cooperation, country, actor, role
