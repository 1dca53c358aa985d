SELECT COALESCE(a.name, '(the outlet itself)') AS speaker, f.attributed_to,
  COUNT(*) AS n_figures, COUNT(DISTINCT f.source_id) AS n_sources,
  GROUP_CONCAT(f.measure || ': ' || f.text || ' [' || f.source_id || ']', '; ') AS figures
FROM (SELECT * FROM figures ORDER BY measure, COALESCE(value, low, high), source_id) f
LEFT JOIN actors a ON a.id = f.attributed_to
GROUP BY f.attributed_to
ORDER BY n_figures DESC, speaker
