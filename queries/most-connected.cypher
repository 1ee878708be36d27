// name: most-connected
// description: The actors with the most distinct partners.
// param: limit (integer) = 10 — how many actors; example: 5
// returns: actor, country, partners, cooperations
MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(p:Actor)
WHERE p <> a
RETURN a.name AS actor, a.country AS country, count(DISTINCT p) AS partners,
       count(DISTINCT c) AS cooperations
ORDER BY partners DESC, actor
LIMIT $limit
