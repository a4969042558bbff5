# "1 novembre 2022" (Django's "d F Y" writes "01 novembre 2022").
DATE_FORMAT = "j F Y"
