// name: find
// description: Actors, cooperations and topics with a name or alias in which a word begins with a text (any case, accents optional).
// param: text (string) — the beginning of a word of a name or alias, or of several words; example: olhao
// param: limit (integer 1..10000) = 20 — at most this many; example: 5
// returns: kind, id, name, country, aliases
CALL () {  // the words of names (`lookup`, split at spaces), through the Word nodes of the load
  WITH toLower(trim($text)) AS text
  WITH text, split(text, ' ')[0] AS first
  MATCH (w:Word {prefix: left(first, 3)}) WHERE size(text) >= 3  // lists of "word place kind id", by name
  WITH text, first + ' ' AS word, first + ' 0 ' AS whole, w
  WITH text, CASE WHEN text CONTAINS ' '
    THEN [e IN w.later WHERE e STARTS WITH word]  // several words: those only later in every name;
    ELSE [e IN w.begins WHERE e STARTS WITH whole]  // one word: a whole name first, then
       + [e IN w.begins WHERE e STARTS WITH text] + [e IN w.later WHERE e STARTS WITH text] END AS found
  UNWIND found AS e  // in the answer's order: read until $limit nodes are found
  WITH DISTINCT substring(e, size(split(e, ' ')[0]) + 3) AS entry  // "kind id", the first of each node
  CALL (entry) {
    MATCH (n:Actor {id: substring(entry, 2)}) WHERE entry STARTS WITH 'A ' RETURN n
    UNION MATCH (n:Cooperation {id: substring(entry, 2)}) WHERE entry STARTS WITH 'C ' RETURN n
    UNION MATCH (n:Topic {id: substring(entry, 2)}) WHERE entry STARTS WITH 'T ' RETURN n
  }
  WITH n, toLower(trim($text)) AS text
  WHERE any(form IN n.lookup WHERE form STARTS WITH text OR form CONTAINS ' ' + text)
  RETURN n LIMIT $limit
  UNION  // several words: every node with a name the first word begins, to rank a name equal to the text first
  WITH toLower(trim($text)) AS text
  WITH text, split(text, ' ')[0] AS first
  MATCH (w:Word {prefix: left(first, 3)}) WHERE text CONTAINS ' '
  WITH first + ' ' AS word, w
  UNWIND [e IN w.begins WHERE e STARTS WITH word] AS e
  WITH substring(e, size(word) + 2) AS entry
  CALL (entry) {
    MATCH (n:Actor {id: substring(entry, 2)}) WHERE entry STARTS WITH 'A ' RETURN n
    UNION MATCH (n:Cooperation {id: substring(entry, 2)}) WHERE entry STARTS WITH 'C ' RETURN n
    UNION MATCH (n:Topic {id: substring(entry, 2)}) WHERE entry STARTS WITH 'T ' RETURN n
  }
  RETURN n
  UNION  // a text of one or two characters, or one that begins too many words: every name is read
  WITH toLower(trim($text)) AS text
  OPTIONAL MATCH (w:Word {prefix: left(split(text, ' ')[0], 3)})
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
