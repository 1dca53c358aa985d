-- Every proposition with how many articles and claims carry it; the titles of at most 20 of
-- the articles (by id), so that a row stays short however many articles carry it.
SELECT p.id AS proposition_id, p.statement, p.topic, p.event_date,
  COUNT(DISTINCT c.source_id) AS n_sources, COUNT(c.id) AS n_claims,
  (SELECT GROUP_CONCAT(title, ' | ') FROM (
     SELECT DISTINCT s.title FROM claims c2 JOIN sources s ON s.id = c2.source_id
     WHERE c2.proposition_id = p.id ORDER BY s.id LIMIT 20))
  || CASE WHEN COUNT(DISTINCT c.source_id) > 20
          THEN ' | … and ' || (COUNT(DISTINCT c.source_id) - 20) || ' more' ELSE '' END AS sources,
  ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT c.source_id) DESC, COUNT(c.id) DESC,
                     p.event_date IS NULL, p.event_date, p.id) AS ordinal
FROM propositions p
LEFT JOIN claims c ON c.proposition_id = p.id
GROUP BY p.id
ORDER BY ordinal
