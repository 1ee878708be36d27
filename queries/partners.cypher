// name: partners
// description: Who an actor cooperates with: partner, cooperation, roles, topics and years.
// param: actor (actor) — id, name or alias of the actor (any case, accents optional); example: AMAL
// param: lang (string) = "" — language of the names of topics and countries, en or pt (empty: the interface's); example: pt
// returns: actor_id, partner, partner_id, cooperation, kind, role, partner_role, topics, start, startPrecision, end, endPrecision
CALL () {
  MATCH (a:Actor {id: $actor}) RETURN a
  UNION  // or every actor with that name or alias: give the id when two share it
  MATCH (names:Name {prefix: left(toLower($actor), 3)})
  WITH names.forms AS forms, names.actors AS actors  // read each list once
  WITH [i IN range(0, size(forms) - 1) WHERE forms[i] = toLower($actor) | actors[i]] AS ids
  UNWIND ids AS id
  MATCH (a:Actor {id: id}) RETURN a
}
MATCH (a)-[mine:TAKES_PART]->(c:Cooperation)<-[theirs:TAKES_PART]-(p:Actor)
WHERE p <> a
OPTIONAL MATCH (c)-[:ON_TOPIC]->(t:Topic)
RETURN a.id AS actor_id, p.name AS partner, p.id AS partner_id, c.name AS cooperation,
       [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
       mine.role AS role, theirs.role AS partner_role, collect(DISTINCT CASE $lang WHEN 'pt' THEN coalesce(t.namePt, t.name) ELSE t.name END) AS topics,
       coalesce(c.start, c.signed) AS start,
       CASE WHEN c.start IS NULL THEN c.signedPrecision ELSE c.startPrecision END AS startPrecision,
       c.end AS end, c.endPrecision AS endPrecision
ORDER BY actor_id, partner, cooperation
