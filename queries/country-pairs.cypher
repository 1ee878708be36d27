// name: country-pairs
// description: Pairs of countries and how many cooperations join them (parties or scope).
// param: country (string) = "" — only pairs with this country (ISO code or name); example: Brasil
// param: limit (integer 1..10000) = 50 — at most this many pairs; example: 10
// param: lang (string) = "" — language of the names of topics and countries, en or pt (empty: the interface's); example: pt
// returns: country, other, cooperations, examples
CALL () {
  MATCH (k:Country) WHERE $country <> "" AND toLower($country) IN k.lookup
  MATCH (k)<-[:BETWEEN]-(p:CountryPair)  // the pairs of one country
  RETURN p
  UNION
  MATCH (r:Ranking {id: "country-pairs"}) WHERE $country = ""
  WITH r.counts AS counts, r.atLeast AS atLeast  // read each list once
  WITH [i IN range(0, size(counts) - 1) WHERE i = 0 OR atLeast[i - 1] < $limit | counts[i]] AS shown
  UNWIND shown AS cooperations  // or the counts of the first $limit pairs
  MATCH (p:CountryPair {cooperationCount: cooperations})  // through the index
  RETURN p
}
WITH p WHERE p.countries[0] <> p.countries[1]
RETURN CASE $lang WHEN 'pt' THEN p.countryNamesPt[0] ELSE p.countryNames[0] END AS country,
       CASE $lang WHEN 'pt' THEN p.countryNamesPt[1] ELSE p.countryNames[1] END AS other,
       p.cooperationCount AS cooperations, p.examples AS examples
ORDER BY cooperations DESC, country, other
LIMIT $limit
