SELECT f.id AS figure_id, f.quantity_id, q.name AS quantity, f.measure, f.subject,
  f.text AS wording, COALESCE(f.value, f.low, f.high) AS number, f.value, f.low, f.high,
  f.qualifier, f.modality, COALESCE(a.name, '(the outlet itself)') AS speaker,
  f.attributed_to, s.title AS source, f.source_id, COALESCE(f.as_of, s.published) AS date,
  CASE WHEN f.as_of IS NOT NULL THEN f.as_of_precision ELSE s.published_precision END AS date_precision,
  CASE WHEN f.as_of IS NOT NULL THEN 'as_of: the date the figure refers to'
       WHEN s.published IS NOT NULL THEN 'published: the figure has no date; the source''s publication date'
  END AS date_origin,
  CASE WHEN f.as_of IS NOT NULL THEN f.as_of_basis ELSE s.published_basis END AS date_basis,
  f.sentence, agg.n_sources, agg.lowest, agg.highest,
  CASE WHEN agg.n_numbers = 0 THEN 'no numbers'
       WHEN agg.max_lower IS NULL OR agg.min_upper IS NULL OR agg.max_lower <= agg.min_upper THEN 'agree'
       ELSE 'disagree' END AS agreement
FROM figures f
JOIN quantities q ON q.id = f.quantity_id
JOIN sources s ON s.id = f.source_id
LEFT JOIN actors a ON a.id = f.attributed_to
JOIN (SELECT quantity_id, COUNT(DISTINCT source_id) AS n_sources,
             MIN(COALESCE(value, low, high)) AS lowest, MAX(COALESCE(value, low, high)) AS highest,
             COUNT(COALESCE(value, low, high)) AS n_numbers,
             MAX(COALESCE(value, low)) AS max_lower, MIN(COALESCE(value, high)) AS min_upper
      FROM figures WHERE quantity_id IS NOT NULL GROUP BY quantity_id) agg
  ON agg.quantity_id = f.quantity_id
ORDER BY agg.n_sources DESC, q.name, number DESC, f.source_id
