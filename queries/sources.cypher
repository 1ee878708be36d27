// name: sources
// description: The documents the graph rests on, with how many cooperations each supports.
// param: text (string) = "" — only sources whose title (or its English translation) or publisher contains this text; example: InovaJuntos
// param: limit (integer) = 100 — at most this many sources, most cooperations first; example: 20
// returns: source, publisher, published, publishedPrecision, language, url, file, cooperations, source_en, descriptive_title
MATCH (r:Ranking {id: "source-cooperations"})
WITH r.counts AS counts, r.atLeast AS atLeast  // read each list once
WITH CASE WHEN $text = "" THEN [i IN range(0, size(counts) - 1) WHERE i = 0 OR atLeast[i - 1] < $limit | counts[i]]
          ELSE counts END AS shown
UNWIND shown AS cooperations  // the counts of the first $limit sources, or all of them to search
MATCH (s:Source {cooperationCount: cooperations})
WHERE $text = "" OR toLower(s.title) CONTAINS toLower($text)
   OR toLower(coalesce(s.titleEn, "")) CONTAINS toLower($text)
   OR toLower(coalesce(s.publisher, "")) CONTAINS toLower($text)
RETURN s.title AS source, s.publisher AS publisher, s.published AS published,
       s.publishedPrecision AS publishedPrecision, s.language AS language, s.url AS url,
       s.file AS file, s.cooperationCount AS cooperations,
       s.titleEn AS source_en, coalesce(s.titleDescriptive, false) AS descriptive_title
ORDER BY cooperations DESC, source
LIMIT $limit
