// name: partners
// description: Who an actor cooperates with: partner, cooperation, roles, topics and years.
// param: actor (string) — id, name or alias of the actor (any case, accents optional); example: AMAL
// returns: actor_id, partner, partner_id, cooperation, kind, role, partner_role, topics, start, end
OPTIONAL MATCH (byId:Actor {id: $actor})
OPTIONAL MATCH (byName:Actor {name: $actor})
WITH collect(byId) + collect(byName) AS found
CALL (found) {
  // neither its id nor its exact name: any of its names, any case, accents optional
  UNWIND CASE WHEN found = [] THEN [toLower($actor)] ELSE [] END AS form
  MATCH (n:Actor) WHERE form IN n.lookup
  RETURN collect(n) AS near
}
UNWIND found + near AS a
WITH DISTINCT a
MATCH (a)-[mine:TAKES_PART]->(c:Cooperation)<-[theirs:TAKES_PART]-(p:Actor)
WHERE p <> a
OPTIONAL MATCH (c)-[:ON_TOPIC]->(t:Topic)
RETURN a.id AS actor_id, p.name AS partner, p.id AS partner_id, c.name AS cooperation,
       [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
       mine.role AS role, theirs.role AS partner_role, collect(DISTINCT t.name) AS topics,
       coalesce(c.start, c.signed) AS start, c.end AS end
ORDER BY actor_id, partner, cooperation
