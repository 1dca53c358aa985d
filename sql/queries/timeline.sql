SELECT t.date, t.date_precision, t.date_origin, p.statement AS proposition, c.text AS claim,
  COALESCE(a.name, '(the outlet itself)') AS claimant, c.claim_date_text AS date_words,
  CASE WHEN c.claim_date IS NOT NULL THEN c.claim_date_basis ELSE p.event_date_basis END AS date_basis,
  s.title AS source, c.id AS claim_id
FROM claim_dates t
JOIN claims c ON c.id = t.claim_id
JOIN sources s ON s.id = c.source_id
LEFT JOIN propositions p ON p.id = c.proposition_id
LEFT JOIN actors a ON a.id = c.claimant_id
ORDER BY t.ordinal
