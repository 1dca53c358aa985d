-- Every claim in reading order, with names in place of ids.
SELECT c.id AS claim_id, s.title AS source, c.char_start AS position,
  COALESCE(a.name, '(the outlet itself)') AS claimant, c.verb, c.claim_type, c.mode, c.hedge,
  c.text, c.claim_date, p.statement AS proposition,
  ROW_NUMBER() OVER (ORDER BY c.source_id, c.char_start, c.id) AS ordinal
FROM claims c
JOIN sources s ON s.id = c.source_id
LEFT JOIN actors a ON a.id = c.claimant_id
LEFT JOIN propositions p ON p.id = c.proposition_id
ORDER BY ordinal
