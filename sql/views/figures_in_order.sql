SELECT f.id AS figure_id, f.measure, COALESCE(f.value, f.low, f.high) AS number, f.text AS wording,
  f.qualifier, f.subject, f.modality, COALESCE(a.name, '(the outlet itself)') AS speaker,
  p.name AS place, s.title AS source, f.as_of, f.sentence
FROM figures f
JOIN sources s ON s.id = f.source_id
LEFT JOIN actors a ON a.id = f.attributed_to
LEFT JOIN places p ON p.id = f.place_id
ORDER BY f.measure, number, f.id
