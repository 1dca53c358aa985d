-- Every figure of a shared quantity beside its quantity's spread (quantity_comparisons, computed
-- before this table). Two orders, each a column so that a page reads it from an index: ordinal,
-- the table's own (the most widely reported quantity first, then by name, the highest number
-- first, then by article), and comparison_order, the figures-compared page's and the chart's (the
-- disagreements first, then by quantity, the highest number first, then by the article's title);
-- ties in the order the article's annotations list the figures (rowid, the build's reading order).
SELECT f.id AS figure_id, f.quantity_id, qc.quantity, f.measure, f.subject,
  f.text AS wording, COALESCE(f.value, f.low, f.high) AS number, f.value, f.low, f.high,
  f.qualifier, f.modality, COALESCE(a.name, '(the outlet itself)') AS speaker,
  f.attributed_to, s.title AS source, f.source_id, COALESCE(f.as_of, s.published) AS date,
  CASE WHEN f.as_of IS NOT NULL THEN f.as_of_precision ELSE s.published_precision END AS date_precision,
  CASE WHEN f.as_of IS NOT NULL THEN 'as_of: the date the figure refers to'
       WHEN s.published IS NOT NULL THEN 'published: the figure has no date; the source''s publication date'
  END AS date_origin,
  CASE WHEN f.as_of IS NOT NULL THEN f.as_of_basis ELSE s.published_basis END AS date_basis,
  f.sentence, qc.n_sources, qc.lowest, qc.highest, qc.agreement,
  ROW_NUMBER() OVER (ORDER BY qc.n_sources DESC, qc.quantity, f.quantity_id,
                     COALESCE(f.value, f.low, f.high) DESC, f.source_id, f.rowid) AS ordinal,
  ROW_NUMBER() OVER (ORDER BY qc.agreement = 'disagree' DESC, qc.quantity, f.quantity_id,
                     COALESCE(f.value, f.low, f.high) DESC, s.title, f.rowid) AS comparison_order
FROM figures f
JOIN quantity_comparisons qc ON qc.quantity_id = f.quantity_id
JOIN sources s ON s.id = f.source_id
LEFT JOIN actors a ON a.id = f.attributed_to
ORDER BY ordinal
