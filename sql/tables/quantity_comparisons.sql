-- One row per quantity a figure reports: its spread and whether the sources agree, the
-- disagreements first. A figure's number is its value, else its low, else its high bound; the
-- sources agree when the highest lower bound (value, else low) is not above the lowest upper
-- bound (value, else high), so that every figure can hold at once.
SELECT *, ROW_NUMBER() OVER (ORDER BY agreement = 'disagree' DESC, n_sources DESC, quantity, quantity_id) AS ordinal
FROM (
  SELECT q.id AS quantity_id, q.name AS quantity, q.measure,
    COUNT(*) AS n_figures, COUNT(DISTINCT f.source_id) AS n_sources,
    MIN(COALESCE(f.value, f.low, f.high)) AS lowest, MAX(COALESCE(f.value, f.low, f.high)) AS highest,
    CASE WHEN COUNT(COALESCE(f.value, f.low, f.high)) = 0 THEN 'no numbers'
         WHEN MAX(COALESCE(f.value, f.low)) IS NULL OR MIN(COALESCE(f.value, f.high)) IS NULL
           OR MAX(COALESCE(f.value, f.low)) <= MIN(COALESCE(f.value, f.high)) THEN 'agree'
         ELSE 'disagree' END AS agreement
  FROM quantities q
  JOIN figures f ON f.quantity_id = q.id
  GROUP BY q.id)
ORDER BY ordinal
