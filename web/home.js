// The start page: its texts in Dutch and English (the language toggle is app.js's).
"use strict";

ZL.texts({
  nl: {title: "Beslisondersteuning voor het Nederlandse landschap van specialistische zorg",
       impact_text: "kies een interventie, stel de norm in, zet locaties aan of uit en zie wie verder moet reizen (voor analisten).",
       finder_text: "vind het expertisecentrum voor een zeldzame aandoening (voor patiënten en verwijzers).",
       registry_text: "aantallen patiënten per ORPHAcode; een locatie ziet met haar token haar eigen ongemaskeerde aantallen en levert haar registraties aan.",
       synthetic_text: "Getallen die gegenereerd zijn (synthetisch) worden overal als synthetisch gemarkeerd."},
  en: {title: "Decision support for the Dutch landscape of specialist hospital care",
       impact_text: "choose an intervention, set the norm, keep or stop locations and see who travels further (for analysts).",
       finder_text: "find the expertise centre for a rare disease (for patients and referrers).",
       registry_text: "patients per ORPHAcode; with its token a location sees its own unsuppressed counts and submits its registrations.",
       synthetic_text: "Generated (synthetic) numbers are marked as synthetic everywhere."},
});
