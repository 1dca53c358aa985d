SELECT p.name AS place, p.type, p.country, p.latitude, p.longitude,
  (SELECT COUNT(*) FROM mentions m WHERE m.place_id = p.id) AS mentions,
  json_object(
    'title', p.name,
    'description', p.type || COALESCE(' in ' || p.country, '') || ' · mentioned '
      || (SELECT COUNT(*) FROM mentions m WHERE m.place_id = p.id) || ' times in the articles',
    'link', 'places/' || p.id) AS popup,
  p.coordinates_source, p.id AS place_id
FROM places p
WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
ORDER BY p.name
