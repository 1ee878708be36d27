// name: topics-by-sdg
// description: The topics under each UN Sustainable Development Goal, with how many cooperations.
// param: lang (string) = "" — language of the names of topics and countries, en or pt (empty: the interface's); example: pt
// returns: sdg, topic, topicPt, cooperations
MATCH (t:Topic)
UNWIND t.sdg AS sdg
RETURN sdg, CASE $lang WHEN 'pt' THEN coalesce(t.namePt, t.name) ELSE t.name END AS topic,
       t.namePt AS topicPt, t.cooperationCount AS cooperations
ORDER BY sdg, cooperations DESC, topic
