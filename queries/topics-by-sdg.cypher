// name: topics-by-sdg
// description: The topics under each UN Sustainable Development Goal, with how many cooperations.
// returns: sdg, topic, topicPt, cooperations
MATCH (t:Topic)
UNWIND t.sdg AS sdg
OPTIONAL MATCH (c:Cooperation)-[:ON_TOPIC]->(t)
RETURN sdg, t.name AS topic, t.namePt AS topicPt, count(c) AS cooperations
ORDER BY sdg, cooperations DESC, topic
