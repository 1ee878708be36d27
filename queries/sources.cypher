// name: sources
// description: The documents the graph rests on, with how many cooperations each supports.
// param: text (string) = "" — only sources with a word of their title (or its English translation) or publisher that begins with this text; example: InovaJuntos
// param: limit (integer 1..10000) = 100 — at most this many sources, most cooperations first; example: 20
// returns: source, publisher, published, publishedPrecision, language, url, file, cooperations, source_en, descriptive_title
CALL () {
  MATCH (r:Ranking {id: "source-cooperations"}) WHERE trim($text) = ""
  WITH r.counts AS counts, r.atLeast AS atLeast  // read each list once
  UNWIND [i IN range(0, size(counts) - 1) WHERE i = 0 OR atLeast[i - 1] < $limit | counts[i]] AS cooperations
  MATCH (s:Source {cooperationCount: cooperations})  // the first $limit sources, through the index
  RETURN s
  UNION  // or those with a word that begins with the text, through the Word nodes
  WITH toLower(trim($text)) AS text
  MATCH (w:Word {prefix: left(split(text, ' ')[0], 3)}) WHERE size(text) >= 3
  WITH split(text, ' ')[0] + CASE WHEN text CONTAINS ' ' THEN ' ' ELSE '' END AS first, w
  UNWIND [e IN w.sources WHERE e STARTS WITH first] AS e  // one word: the words it begins; several: the first
  WITH DISTINCT substring(e, size(split(e, ' ')[0]) + 5) AS id  // in the answer's order, until $limit are found
  MATCH (s:Source {id: id})
  WITH s, toLower(trim($text)) AS text
  WHERE any(form IN [toLower(s.title), toLower(coalesce(s.titleEn, "")), toLower(coalesce(s.publisher, ""))]
            WHERE form STARTS WITH text OR form CONTAINS ' ' + text)
  RETURN s LIMIT $limit
  UNION  // a text of one or two characters, or one that begins too many words: every source is read
  WITH toLower(trim($text)) AS text
  OPTIONAL MATCH (w:Word {prefix: left(split(text, ' ')[0], 3)})
  WITH text WHERE text <> "" AND (size(text) < 3 OR w.common)
  MATCH (s:Source)
  RETURN s
}
WITH s, toLower(trim($text)) AS text
WHERE any(form IN [toLower(s.title), toLower(coalesce(s.titleEn, "")), toLower(coalesce(s.publisher, ""))]
          WHERE form STARTS WITH text OR form CONTAINS ' ' + text)
RETURN s.title AS source, s.publisher AS publisher, s.published AS published,
       s.publishedPrecision AS publishedPrecision, s.language AS language, s.url AS url,
       s.file AS file, s.cooperationCount AS cooperations,
       s.titleEn AS source_en, coalesce(s.titleDescriptive, false) AS descriptive_title
ORDER BY cooperations DESC, source
LIMIT $limit
