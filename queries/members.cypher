// name: members
// description: The parties of a programme (or any cooperation) and their roles.
// param: programme (string) — id, name or alias of the programme; example: InovaJuntos
// param: role (string) = "" — only this role (coordinator, host, partner, ...); example: host
// returns: actor, actor_id, country, role
OPTIONAL MATCH (byId:Cooperation {id: $programme})
OPTIONAL MATCH (byName:Cooperation {name: $programme})
WITH collect(byId) + collect(byName) AS found
CALL (found) {
  // neither its id nor its exact name: any of its names, any case, accents optional
  UNWIND CASE WHEN found = [] THEN [toLower($programme)] ELSE [] END AS form
  MATCH (n:Cooperation) WHERE form IN n.lookup
  RETURN collect(n) AS near
}
UNWIND found + near AS c
WITH DISTINCT c
MATCH (a:Actor)-[t:TAKES_PART]->(c)
WHERE $role = "" OR t.role = toLower($role)
RETURN a.name AS actor, a.id AS actor_id, a.country AS country, t.role AS role
ORDER BY role, actor
