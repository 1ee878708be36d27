// name: most-connected
// description: The actors with the most distinct partners.
// param: limit (integer) = 10 — how many actors; example: 5
// returns: actor, country, partners, cooperations
MATCH (r:Ranking {id: "actor-partners"})
WITH [i IN range(0, size(r.counts) - 1) WHERE i = 0 OR r.atLeast[i - 1] < $limit | r.counts[i]] AS shown
UNWIND shown AS partners  // the partner counts of the first $limit actors
MATCH (a:Actor {partnerCount: partners})  // through the index
RETURN a.name AS actor, a.country AS country, a.partnerCount AS partners,
       a.sharedCooperationCount AS cooperations
ORDER BY partners DESC, actor
LIMIT $limit
