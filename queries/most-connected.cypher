// name: most-connected
// description: The actors with the most distinct partners.
// param: limit (integer 1..10000) = 10 — how many actors; example: 5
// returns: actor, country, partners, cooperations
MATCH (r:Ranking {id: "actor-partners"})
WITH r.counts AS counts, r.atLeast AS atLeast  // read each list once
WITH [i IN range(0, size(counts) - 1) WHERE i = 0 OR atLeast[i - 1] < $limit | counts[i]] AS shown
UNWIND shown AS partners  // the partner counts of the first $limit actors
MATCH (a:Actor {partnerCount: partners})  // through the index
RETURN a.name AS actor, a.country AS country, a.partnerCount AS partners,
       a.sharedCooperationCount AS cooperations
ORDER BY partners DESC, actor
LIMIT $limit
