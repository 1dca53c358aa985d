SELECT COALESCE(c.claim_date, p.event_date) AS date,
  CASE WHEN c.claim_date IS NOT NULL THEN c.claim_date_precision ELSE p.event_date_precision END AS date_precision,
  CASE WHEN c.claim_date IS NOT NULL THEN 'claim: the date the claim gives'
       ELSE 'proposition: the claim has no date; its proposition''s event date' END AS date_origin,
  p.statement AS proposition, c.text AS claim,
  COALESCE(a.name, '(the outlet itself)') AS claimant, c.claim_date_text AS date_words,
  CASE WHEN c.claim_date IS NOT NULL THEN c.claim_date_basis ELSE p.event_date_basis END AS date_basis,
  s.title AS source, c.id AS claim_id
FROM claims c
JOIN sources s ON s.id = c.source_id
LEFT JOIN propositions p ON p.id = c.proposition_id
LEFT JOIN actors a ON a.id = c.claimant_id
WHERE COALESCE(c.claim_date, p.event_date) IS NOT NULL
ORDER BY date, p.id, c.source_id, c.char_start
