SELECT quantity, source, wording, number, qualifier, speaker, date, date_precision, date_origin, sentence,
  lowest, highest, agreement, n_sources,
  (SELECT note FROM quantities q WHERE q.id = quantity_id) AS quantity_note, quantity_id, figure_id
FROM figure_comparisons
WHERE n_sources >= 2
ORDER BY comparison_order
