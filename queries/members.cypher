// name: members
// description: The parties of a programme (or any cooperation) and their roles.
// param: programme (string) — id, name or alias of the programme; example: InovaJuntos
// param: role (string) = "" — only this role (coordinator, host, partner, ...); example: host
// returns: actor, actor_id, country, role
CALL () {
  MATCH (c:Cooperation {id: $programme}) RETURN c
  UNION  // or the programmes of that name or alias
  MATCH (c:Programme) WHERE toLower($programme) IN c.lookup RETURN c
}
MATCH (a:Actor)-[t:TAKES_PART]->(c)
WHERE $role = "" OR t.role = toLower($role)
RETURN a.name AS actor, a.id AS actor_id, a.country AS country, t.role AS role
ORDER BY role, actor
