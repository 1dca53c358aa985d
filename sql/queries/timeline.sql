SELECT COALESCE(c.claim_date, p.event_date) AS date,
  COALESCE(c.claim_date_precision, p.event_date_precision) AS date_precision,
  p.statement AS proposition, c.text AS claim,
  COALESCE(a.name, '(the outlet itself)') AS claimant, c.claim_date_text AS date_words,
  s.title AS source, c.id AS claim_id
FROM claims c
JOIN sources s ON s.id = c.source_id
LEFT JOIN propositions p ON p.id = c.proposition_id
LEFT JOIN actors a ON a.id = c.claimant_id
WHERE COALESCE(c.claim_date, p.event_date) IS NOT NULL
ORDER BY date, p.id, c.source_id, c.char_start
