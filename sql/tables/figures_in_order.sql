-- Every figure by what it counts, then by its number (SQLite puts no number first), with names.
SELECT f.id AS figure_id, f.measure, COALESCE(f.value, f.low, f.high) AS number, f.text AS wording,
  f.qualifier, f.subject, f.modality, COALESCE(a.name, '(the outlet itself)') AS speaker,
  p.name AS place, s.title AS source, f.as_of, f.sentence,
  ROW_NUMBER() OVER (ORDER BY f.measure, COALESCE(f.value, f.low, f.high), f.id) AS ordinal
FROM figures f
JOIN sources s ON s.id = f.source_id
LEFT JOIN actors a ON a.id = f.attributed_to
LEFT JOIN places p ON p.id = f.place_id
ORDER BY ordinal
