# "17 November 2022", as the provider's English pages write it (Django's is "Nov. 17, 2022").
DATE_FORMAT = "j F Y"
