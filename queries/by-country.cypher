// name: by-country
// description: The actors of a country, by kind, with how many cooperations each takes part in.
// param: country (string) — ISO code, English or Portuguese name; example: PT
// param: limit (integer 1..10000) = 100 — at most this many actors, most cooperations first; example: 20
// returns: actor, kind, cooperations
MATCH (k:Country) WHERE k.id = $country OR toLower($country) IN k.lookup
MATCH (listed:CountryActors {country: k.code})  // its actors, most cooperations first, kept by the load
WITH listed.actors[..$limit] AS shown
UNWIND shown AS id
MATCH (a:Actor {id: id})
RETURN a.name AS actor, [l IN labels(a) WHERE l <> 'Actor'][0] AS kind,
       a.cooperationCount AS cooperations
ORDER BY cooperations DESC, actor
LIMIT $limit
