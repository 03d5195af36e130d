# Spanish amounts as Spanish administrations print them ("3.400,00 EUR", as the BOE does), not
# with Django's non-breaking space; dates keep Django's ("10 de marzo de 2026").
THOUSAND_SEPARATOR = "."
