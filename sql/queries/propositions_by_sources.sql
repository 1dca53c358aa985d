SELECT p.id AS proposition_id, p.statement, p.topic, p.event_date,
  COUNT(DISTINCT c.source_id) AS n_sources, COUNT(c.id) AS n_claims,
  (SELECT GROUP_CONCAT(title, ' | ') FROM (
     SELECT DISTINCT s.title FROM claims c2 JOIN sources s ON s.id = c2.source_id
     WHERE c2.proposition_id = p.id ORDER BY s.id)) AS sources
FROM propositions p
LEFT JOIN claims c ON c.proposition_id = p.id
GROUP BY p.id
ORDER BY n_sources DESC, n_claims DESC, p.event_date IS NULL, p.event_date, p.id
