SELECT quantity, source, wording, number, qualifier, speaker, date, date_precision, date_origin, sentence,
  lowest, highest, agreement, n_sources, quantity_id, figure_id
FROM figure_comparisons
WHERE n_sources >= 2
ORDER BY quantity, number DESC, source
