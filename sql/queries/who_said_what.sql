SELECT c.id AS claim_id, a.name AS claimant, c.verb, c.text, c.claim_type, c.mode, c.hedge,
  (SELECT GROUP_CONCAT(name, ' → ') FROM (
     SELECT x.name FROM claim_actors ca JOIN actors x ON x.id = ca.actor_id
     WHERE ca.claim_id = c.id AND ca.role IN ('claimant', 'via') ORDER BY ca.hop)) AS chain,
  c.claim_date, s.title AS source
FROM claims c
JOIN actors a ON a.id = c.claimant_id
JOIN sources s ON s.id = c.source_id
WHERE c.claimant_id IN (
  SELECT id FROM actors WHERE id = lower(trim(:claimant)) OR name = trim(:claimant) COLLATE NOCASE
  UNION
  SELECT actor_id FROM actor_aliases WHERE alias = trim(:claimant) COLLATE NOCASE)
ORDER BY c.claimant_id, c.source_id, c.char_start
