SELECT c.id AS claim_id, COALESCE(a.name, '(the outlet itself)') AS claimant, c.text,
  (SELECT GROUP_CONCAT(x.name, '; ') FROM claim_actors ca JOIN actors x ON x.id = ca.actor_id
   WHERE ca.claim_id = c.id AND ca.role = 'target') AS targets,
  c.claim_type, c.hedge, c.evidence_note, c.mode, s.title AS source
FROM claims c
JOIN sources s ON s.id = c.source_id
LEFT JOIN actors a ON a.id = c.claimant_id
WHERE c.claim_type = 'accusation' OR c.hedge = 'unverified'
ORDER BY c.source_id, c.char_start
