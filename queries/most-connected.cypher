// name: most-connected
// description: The actors with the most distinct partners.
// param: limit (integer) = 10 — how many actors; example: 5
// returns: actor, country, partners, cooperations
MATCH (a:Actor)
WHERE a.partnerCount > 0
RETURN a.name AS actor, a.country AS country, a.partnerCount AS partners,
       a.sharedCooperationCount AS cooperations
ORDER BY partners DESC, actor
LIMIT $limit
