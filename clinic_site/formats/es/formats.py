# Numbers as the clinic's Spanish pages write them, for patients in the US: "1,000" and "2.5", the same as the
# content staff type (Django's own Spanish format, "1 000" and "2,5", would put two styles on one page).
# Dates and times keep Django's Spanish formats ("7 de diciembre de 2026").
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
