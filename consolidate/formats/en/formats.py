# The platform's English formats: "10 March 2026", "16:00" (a 24-hour clock, as in most of the
# EU), read the same on pages, e-mails and PDFs. Other languages keep Django's own formats.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
