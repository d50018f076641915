"""The report's own words in the reader's language (codex texts carry their own translations)."""

NO_VALUE = "\u2013"  # an en dash, where there is nothing to show

LABELS = {
    "en": {
        "title": "Mystery shopping report",
        "client": "Client",
        "location": "Location",
        "date": "Date of visit",
        "situation": "Situation",
        "channel": "Channel",
        "persona": "Customer played",
        "score": "Overall score",
        "result": "Result",
        "passed": "Passed",
        "failed": "Failed: a knock-out item was missed",
        "phase_scores": "Score by phase",
        "answer": "Answer",
        "comment": "Comment",
        "norm": "Norm",
        "met": "met",
        "missed": "missed",
        "not_applicable": "not applicable",
        "yes": "yes",
        "no": "no",
        "not_scored": "not scored",
        "loyalty": "Customer loyalty",
        "photos": "Photos",
        "page": "Page",
    },
    "fi": {
        "title": "Haamuasiakasraportti",
        "client": "Asiakas",
        "location": "Toimipiste",
        "date": "Käynnin päivä",
        "situation": "Tilanne",
        "channel": "Kanava",
        "persona": "Esitetty asiakas",
        "score": "Kokonaispisteet",
        "result": "Tulos",
        "passed": "Hyväksytty",
        "failed": "Hylätty: kriittinen kohta ei täyttynyt",
        "phase_scores": "Pisteet vaiheittain",
        "answer": "Vastaus",
        "comment": "Kommentti",
        "norm": "Normi",
        "met": "täyttyi",
        "missed": "ei täyttynyt",
        "not_applicable": "ei sovellu",
        "yes": "kyllä",
        "no": "ei",
        "not_scored": "ei pisteytetty",
        "loyalty": "Asiakasuskollisuus",
        "photos": "Kuvat",
        "page": "Sivu",
    },
    "hu": {
        "title": "Próbavásárlási jelentés",
        "client": "Ügyfél",
        "location": "Helyszín",
        "date": "A látogatás napja",
        "situation": "Helyzet",
        "channel": "Csatorna",
        "persona": "Eljátszott ügyfél",
        "score": "Összpontszám",
        "result": "Eredmény",
        "passed": "Megfelelt",
        "failed": "Nem felelt meg: kritikus pont nem teljesült",
        "phase_scores": "Pontszám szakaszonként",
        "answer": "Válasz",
        "comment": "Megjegyzés",
        "norm": "Norma",
        "met": "teljesült",
        "missed": "nem teljesült",
        "not_applicable": "nem releváns",
        "yes": "igen",
        "no": "nem",
        "not_scored": "nem pontozott",
        "loyalty": "Ügyfélhűség",
        "photos": "Fényképek",
        "page": "Oldal",
    },
}


CHANNELS = {
    "en": {"in_person": "In person", "phone": "Phone", "email": "E-mail", "chat": "Chat"},
    "fi": {"in_person": "Paikan päällä", "phone": "Puhelin", "email": "Sähköposti", "chat": "Chat"},
    "hu": {"in_person": "Személyesen", "phone": "Telefon", "email": "E-mail", "chat": "Chat"},
}

# The loyalty ladder of seed 001, in the seed's own words where it gives them.
LADDER = {
    "en": {
        "consumer": "Consumer",
        "trier": "Trier",
        "customer": "Customer",
        "loyalist": "Loyalist",
        "advocate": "Advocate",
    },
    "fi": {
        "consumer": "Kuluttaja",
        "trier": "Kokeilija",
        "customer": "Asiakas",
        "loyalist": "Lojalisti",
        "advocate": "Sanansaattaja",
    },
    "hu": {
        "consumer": "Fogyasztó",
        "trier": "Kipróbáló",
        "customer": "Vásárló",
        "loyalist": "Hűséges vásárló",
        "advocate": "Ajánló",
    },
}


def labels(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def channel_name(channel: str, language: str) -> str:
    return CHANNELS.get(language, CHANNELS["en"]).get(channel, channel)


def rung_name(rung: str, language: str) -> str:
    return LADDER.get(language, LADDER["en"]).get(rung, rung)
