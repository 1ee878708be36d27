// name: events
// description: Meetings, missions and visits (optionally of one programme): when, where and who took part.
// param: programme (string) = "" — only events within this programme (id, name or alias); example: InovaJuntos
// returns: event, kind, start, startPrecision, end, endPrecision, places, parties, programme
MATCH (e:Event)
OPTIONAL MATCH (e)-[:PART_OF]->(p:Cooperation)
WITH e, p
WHERE $programme = "" OR p.id = $programme OR toLower($programme) IN p.lookup
OPTIONAL MATCH (e)-[:HELD_IN]->(place:Actor)
WITH e, p, collect(place.name) AS places
OPTIONAL MATCH (a:Actor)-[:TAKES_PART]->(e)
RETURN e.name AS event, e.kind AS kind, e.start AS start, e.startPrecision AS startPrecision,
       e.end AS end, e.endPrecision AS endPrecision, places,
       collect(DISTINCT a.name) AS parties, p.name AS programme
ORDER BY start, event
