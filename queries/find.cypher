// name: find
// description: Actors, cooperations and topics with a name or alias in which a word begins with a text (any case, accents optional).
// param: text (string) — the beginning of a word of a name or alias, or of several words; example: olhao
// param: limit (integer) = 20 — at most this many; example: 5
// returns: kind, id, name, country, aliases
CALL () {  // the words of names (`lookup`, split at spaces), through the Word nodes of the load
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(text, 3)}) WHERE size(text) >= 3
  WITH text, split(text, ' ')[0] AS first, w.actors AS entries  // "word place id", in the answer's order
  UNWIND [i IN range(0, size(entries) - 1) WHERE entries[i] STARTS WITH first] AS i
  WITH text, i, entries[i] AS entry, split(entries[i], ' ') AS parts
  WITH text, i, substring(entry, size(parts[0]) + 3) AS id,
       CASE WHEN parts[1] = '0' AND parts[0] = text THEN 0 WHEN parts[1] = '1' OR parts[1] = '0' THEN 1 ELSE 2 END AS rank
  WITH text, id, min(rank) AS rank, min(i) AS position ORDER BY rank, position
  WITH text, collect(id) AS ids  // one word: the answer is among the first $limit; several: all are read
  UNWIND ids[..CASE WHEN text CONTAINS ' ' THEN size(ids) ELSE $limit END] AS id
  MATCH (n:Actor {id: id})
  RETURN n
  UNION
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(text, 3)}) WHERE size(text) >= 3
  WITH text, split(text, ' ')[0] AS first, w.cooperations AS entries  // "word place id", in the answer's order
  UNWIND [i IN range(0, size(entries) - 1) WHERE entries[i] STARTS WITH first] AS i
  WITH text, i, entries[i] AS entry, split(entries[i], ' ') AS parts
  WITH text, i, substring(entry, size(parts[0]) + 3) AS id,
       CASE WHEN parts[1] = '0' AND parts[0] = text THEN 0 WHEN parts[1] = '1' OR parts[1] = '0' THEN 1 ELSE 2 END AS rank
  WITH text, id, min(rank) AS rank, min(i) AS position ORDER BY rank, position
  WITH text, collect(id) AS ids  // one word: the answer is among the first $limit; several: all are read
  UNWIND ids[..CASE WHEN text CONTAINS ' ' THEN size(ids) ELSE $limit END] AS id
  MATCH (n:Cooperation {id: id})
  RETURN n
  UNION
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(text, 3)}) WHERE size(text) >= 3
  WITH text, split(text, ' ')[0] AS first, w.topics AS entries  // "word place id", in the answer's order
  UNWIND [i IN range(0, size(entries) - 1) WHERE entries[i] STARTS WITH first] AS i
  WITH text, i, entries[i] AS entry, split(entries[i], ' ') AS parts
  WITH text, i, substring(entry, size(parts[0]) + 3) AS id,
       CASE WHEN parts[1] = '0' AND parts[0] = text THEN 0 WHEN parts[1] = '1' OR parts[1] = '0' THEN 1 ELSE 2 END AS rank
  WITH text, id, min(rank) AS rank, min(i) AS position ORDER BY rank, position
  WITH text, collect(id) AS ids  // one word: the answer is among the first $limit; several: all are read
  UNWIND ids[..CASE WHEN text CONTAINS ' ' THEN size(ids) ELSE $limit END] AS id
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
