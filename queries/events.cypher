// name: events
// description: Meetings, missions and visits (optionally of one programme): when, where and who took part.
// param: programme (string) = "" — only events within this programme (id, name or alias); example: InovaJuntos
// returns: event, kind, start, end, places, parties, programme
OPTIONAL MATCH (byId:Cooperation {id: $programme})
OPTIONAL MATCH (byName:Cooperation {name: $programme})
WITH collect(byId) + collect(byName) AS found
CALL (found) {
  // neither its id nor its exact name: any of its names, any case, accents optional
  UNWIND CASE WHEN found = [] AND $programme <> "" THEN [toLower($programme)] ELSE [] END AS form
  MATCH (n:Cooperation) WHERE form IN n.lookup
  RETURN collect(n) AS near
}
WITH found + near AS programmes
CALL (programmes) {
  UNWIND programmes AS p
  MATCH (e:Event)-[:PART_OF]->(p)
  RETURN e, p
  UNION
  UNWIND CASE $programme WHEN "" THEN [true] ELSE [] END AS every
  MATCH (e:Event)
  OPTIONAL MATCH (e)-[:PART_OF]->(p:Cooperation)
  RETURN e, p
}
OPTIONAL MATCH (e)-[:HELD_IN]->(place:Actor)
WITH e, p, collect(place.name) AS places
OPTIONAL MATCH (a:Actor)-[:TAKES_PART]->(e)
RETURN e.name AS event, e.kind AS kind, e.start AS start, e.end AS end, places,
       collect(DISTINCT a.name) AS parties, p.name AS programme
ORDER BY start, event
