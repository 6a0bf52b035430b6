# Dates and times as the clinic writes them, in the admin and on the pages: "Dec. 2, 2026, 1:52 PM".
# Django's own English format ends a time in "p.m.", which doubles the full stop at the end of a sentence.
DATETIME_FORMAT = "N j, Y, g:i A"
TIME_FORMAT = "g:i A"
