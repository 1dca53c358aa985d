SELECT speaker, attributed_to, n_figures, n_sources, figures
FROM speaker_figures
ORDER BY ordinal
