"""Date formats where the project's differ from Django's (FORMAT_MODULE_PATH).

Public pages write a day in words with DATE_FORMAT; every language not named here keeps
Django's own (German "j. F Y", Spanish and Portuguese "j \\d\\e F \\d\\e Y", Polish "j E Y" with
the month in the genitive, French "j F Y").
"""
