SELECT proposition_id, statement, topic, event_date, n_sources, n_claims, sources
FROM proposition_sources
ORDER BY ordinal
