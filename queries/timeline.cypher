// name: timeline
// description: Cooperations by the year they started or were signed.
// returns: year, cooperations, names
MATCH (c:Cooperation)
WITH c, coalesce(c.start, c.signed) AS date
WHERE date IS NOT NULL
RETURN date.year AS year, count(c) AS cooperations, collect(c.name) AS names
ORDER BY year
