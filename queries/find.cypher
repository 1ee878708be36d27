// name: find
// description: Actors, cooperations and topics with a name or alias in which a word begins with a text (any case, accents optional).
// param: text (string) — the beginning of a word of a name or alias, or of several words; example: olhao
// param: limit (integer) = 20 — at most this many; example: 5
// returns: kind, id, name, country, aliases
CALL () {  // the words of names (`lookup`, split at spaces) through the Word nodes of the load
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(text, 3)}) WHERE size(text) >= 3
  WITH split(text, ' ')[0] AS first, w.actors AS entries  // read each list once
  UNWIND [e IN entries WHERE e STARTS WITH first | substring(e, size(split(e, ' ')[0]) + 1)] AS id
  MATCH (n:Actor {id: id})
  RETURN n
  UNION
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(text, 3)}) WHERE size(text) >= 3
  WITH split(text, ' ')[0] AS first, w.cooperations AS entries
  UNWIND [e IN entries WHERE e STARTS WITH first | substring(e, size(split(e, ' ')[0]) + 1)] AS id
  MATCH (n:Cooperation {id: id})
  RETURN n
  UNION
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(text, 3)}) WHERE size(text) >= 3
  WITH split(text, ' ')[0] AS first, w.topics AS entries
  UNWIND [e IN entries WHERE e STARTS WITH first | substring(e, size(split(e, ' ')[0]) + 1)] AS id
  MATCH (n:Topic {id: id})
  RETURN n
  UNION  // a text of one or two characters, or one that begins too many words: every name is read
  WITH toLower(trim($text)) AS text
  OPTIONAL MATCH (w:Word {prefix: left(text, 3)})
  WITH text WHERE size(text) < 3 OR w.common
  MATCH (n) WHERE n:Actor OR n:Cooperation OR n:Topic
  RETURN n
}
WITH n, toLower(trim($text)) AS text
WHERE any(form IN n.lookup WHERE form STARTS WITH text OR form CONTAINS ' ' + text)
WITH n, CASE WHEN text IN n.lookup THEN 0
             WHEN any(form IN n.lookup WHERE form STARTS WITH text) THEN 1
             ELSE 2 END AS rank
RETURN [l IN labels(n) WHERE NOT l IN ['Actor', 'Cooperation']][0] AS kind, n.id AS id,
       n.name AS name, n.country AS country, n.aliases AS aliases
ORDER BY rank, name
LIMIT $limit
