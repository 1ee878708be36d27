// name: events
// description: Meetings, missions and visits (optionally of one programme): when, where and who took part.
// param: programme (string) = "" — only events within this programme (id, name or alias); example: InovaJuntos
// returns: event, kind, start, startPrecision, end, endPrecision, places, parties, programme
CALL () {
  WITH $programme AS programme WHERE programme = ""  // every event
  MATCH (e:Event)
  OPTIONAL MATCH (e)-[:PART_OF]->(p:Cooperation)
  RETURN e, p
  UNION  // or those within the cooperation of that id
  MATCH (p:Cooperation {id: $programme})<-[:PART_OF]-(e:Event)
  RETURN e, p
  UNION  // or within the programmes of that name or alias
  MATCH (p:Programme) WHERE toLower($programme) IN p.lookup
  WITH p  // the programmes first, then their events
  MATCH (p)<-[:PART_OF]-(e:Event)
  RETURN e, p
}
OPTIONAL MATCH (e)-[:HELD_IN]->(place:Actor)
WITH e, p, collect(place.name) AS places
OPTIONAL MATCH (a:Actor)-[:TAKES_PART]->(e)
RETURN e.name AS event, e.kind AS kind, e.start AS start, e.startPrecision AS startPrecision,
       e.end AS end, e.endPrecision AS endPrecision, places,
       collect(DISTINCT a.name) AS parties, p.name AS programme
ORDER BY start, event
