# Italian dates without a leading zero ("5 marzo 2026"), as Italian administrations write them;
# Django's "d F Y" gives "05 Marzo 2026". (The month's capital is lowered in formats.py.)
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
