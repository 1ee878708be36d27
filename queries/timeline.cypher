// name: timeline
// description: Cooperations by the year they started or were signed.
// param: names (integer 0..1000) = 20 — at most this many names per year, in name order; example: 5
// returns: year, cooperations, names
MATCH (y:Year)
RETURN y.year AS year, y.cooperationCount AS cooperations, y.names[..$names] AS names
ORDER BY year
