-- One row per speaker of figures (and one for the outlet's own voice); at most 30 of its figures
-- listed (by measure, number and article), so that a row stays short however many it gave.
SELECT COALESCE(f.attributed_to, '(outlet)') AS speaker_id,
  COALESCE(a.name, '(the outlet itself)') AS speaker, f.attributed_to,
  COUNT(*) AS n_figures, COUNT(DISTINCT f.source_id) AS n_sources,
  (SELECT GROUP_CONCAT(listed, '; ') FROM (
     SELECT x.measure || ': ' || x.text || ' [' || x.source_id || ']' AS listed FROM figures x
     WHERE x.attributed_to IS f.attributed_to
     ORDER BY x.measure, COALESCE(x.value, x.low, x.high), x.source_id, x.rowid LIMIT 30))
  || CASE WHEN COUNT(*) > 30 THEN '; … and ' || (COUNT(*) - 30) || ' more' ELSE '' END AS figures,
  ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, COALESCE(a.name, '(the outlet itself)'),
                     COALESCE(f.attributed_to, '(outlet)')) AS ordinal
FROM figures f
LEFT JOIN actors a ON a.id = f.attributed_to
GROUP BY f.attributed_to
ORDER BY ordinal
