-- The date each claim refers to: its own, else its proposition's event date; undated claims are left out.
SELECT c.id AS claim_id, COALESCE(c.claim_date, p.event_date) AS date,
  CASE WHEN c.claim_date IS NOT NULL THEN c.claim_date_precision ELSE p.event_date_precision END AS date_precision,
  CASE WHEN c.claim_date IS NOT NULL THEN 'claim: the date the claim gives'
       ELSE 'proposition: the claim has no date; its proposition''s event date' END AS date_origin,
  ROW_NUMBER() OVER (ORDER BY COALESCE(c.claim_date, p.event_date), p.id, c.source_id, c.char_start, c.id) AS ordinal
FROM claims c
LEFT JOIN propositions p ON p.id = c.proposition_id
WHERE COALESCE(c.claim_date, p.event_date) IS NOT NULL
ORDER BY ordinal
