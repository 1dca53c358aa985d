SELECT p.name AS place, p.type, p.country, p.latitude, p.longitude,
  COALESCE(n.count, 0) AS mentions,
  json_object(
    'title', p.name,
    'description', p.type || COALESCE(' in ' || p.country, '') || ' · mentioned '
      || COALESCE(n.count, 0) || ' times in the articles',
    'link', 'places/' || p.id) AS popup,
  p.coordinates_source, p.id AS place_id
FROM places p
LEFT JOIN facet_counts n  -- the mentions of each place, counted by the build (mentions.place_id is a facet)
  ON n.table_name = 'mentions' AND n.facet = 'place_id' AND n.facet_type = 'column' AND n.value = p.id
WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
ORDER BY p.name
