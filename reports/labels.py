"""The report's own words in the reader's language (codex texts carry their own translations)."""

NO_VALUE = "\u2013"  # an en dash, where there is nothing to show

# Finnish and Hungarian write a decimal comma.
DECIMAL_COMMA = ("fi", "hu")


def decimal(value: float, language: str, digits: int | None = 1) -> str:
    """A number in ``language``'s way: ``digits`` after the separator, or as many as it has
    (up to six significant) for ``None``."""
    text = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return text.replace(".", ",") if language in DECIMAL_COMMA else text


LABELS = {
    "en": {
        "region": "Region",
        "period_title": "Service report",
        "region_title": "Region report",
        "period": "Period",
        "audits": "audits",
        "audit": "audit",
        "interval": "95% interval",
        "trend": "Trend",
        "phases_vs_region": "Phases against the region average",
        "this_location": "This location",
        "region_average": "Region average",
        "missed_norms": "Norms most often missed",
        "target": "target",
        "persona_gap": "Equal treatment: score by persona",
        "gap": "gap",
        "not_clearly_different": "not clearly different",
        "tier": "Tier",
        "clearly_different": "clearly different",
        "rank": "Rank in region",
        "too_few": "Too few audits to judge by.",
        "locations": "Locations",
        "failed_share": "Failed audits",
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
        "did_not_happen": "did not happen",
        "yes": "yes",
        "no": "no",
        "not_scored": "not scored",
        "loyalty": "Customer loyalty",
        "photos": "Photos",
        "page": "Page",
        "meets_target": "meets the target",
        "below_target": "below the target",
        "verdict": "Verdict",
        "tiers_note": "Locations in one tier are not clearly different from each other.",
        "tier_heading": "Tier {tier}",
        "against_competitors": "Against competitors",
        "competitors_note": "The same checklists at the region's competitor locations "
        "({stores}), their visits together; none is named.",
        "competitors": "Competitors",
        "own_side": "Here",
        "expectations": "Against the auditors' expectations",
        "exceeded": "exceeded",
        "fell_short": "fell short",
        "phase": "Phase",
        "audits_heading": "Audits",
    },
    "fi": {
        "region": "Alue",
        "period_title": "Palveluraportti",
        "region_title": "Alueraportti",
        "period": "Jakso",
        "audits": "käyntiä",
        "audit": "käynti",
        "interval": "95 %:n luottamusväli",
        "trend": "Kehitys",
        "phases_vs_region": "Vaiheet verrattuna alueen keskiarvoon",
        "this_location": "Tämä toimipiste",
        "region_average": "Alueen keskiarvo",
        "missed_norms": "Useimmin rikotut normit",
        "target": "tavoite",
        "persona_gap": "Tasapuolisuus: pisteet asiakasrooleittain",
        "gap": "ero",
        "not_clearly_different": "ei selvää eroa",
        "tier": "Taso",
        "clearly_different": "selvä ero",
        "rank": "Sijoitus alueella",
        "too_few": "Liian vähän käyntejä johtopäätöksiin.",
        "locations": "Toimipisteet",
        "failed_share": "Kriittiseen puutteeseen kaatuneet käynnit",
        "title": "Haamuasiakasraportti",
        "client": "Toimeksiantaja",
        "location": "Toimipiste",
        "date": "Käynnin päivä",
        "situation": "Tilanne",
        "channel": "Kanava",
        "persona": "Asiakasrooli",
        "score": "Kokonaispisteet",
        "result": "Tulos",
        "passed": "Läpäisi",
        "failed": "Ei läpäissyt: kriittinen kohta ei täyttynyt",
        "phase_scores": "Pisteet vaiheittain",
        "answer": "Vastaus",
        "comment": "Kommentti",
        "norm": "Normi",
        "met": "täyttyi",
        "missed": "ei täyttynyt",
        "not_applicable": "ei sovellu",
        "did_not_happen": "ei tapahtunut",
        "yes": "kyllä",
        "no": "ei",
        "not_scored": "ei pisteytetty",
        "loyalty": "Asiakasuskollisuus",
        "photos": "Kuvat",
        "page": "Sivu",
        "meets_target": "tavoite täyttyy",
        "below_target": "alle tavoitteen",
        "verdict": "Arvio",
        "tiers_note": "Saman tason toimipisteet eivät eroa toisistaan selvästi.",
        "tier_heading": "Taso {tier}",
        "against_competitors": "Kilpailijoihin verrattuna",
        "competitors_note": "Samat tarkistuslistat alueen kilpailijoiden toimipisteissä "
        "({stores}), käynnit yhdessä; yhtäkään ei nimetä.",
        "competitors": "Kilpailijat",
        "own_side": "Tässä",
        "expectations": "Suhteessa haamuasiakkaiden odotuksiin",
        "exceeded": "yli odotusten",
        "fell_short": "alle odotusten",
        "phase": "Vaihe",
        "audits_heading": "Käynnit",
    },
    "hu": {
        "region": "Régió",
        "period_title": "Szolgáltatási jelentés",
        "region_title": "Régiós jelentés",
        "period": "Időszak",
        "audits": "látogatás",
        "audit": "látogatás",
        "interval": "95%-os konfidenciaintervallum",
        "trend": "Alakulás",
        "phases_vs_region": "Szakaszok a régiós átlaghoz képest",
        "this_location": "Ez a helyszín",
        "region_average": "Régiós átlag",
        "missed_norms": "Leggyakrabban nem teljesült normák",
        "target": "cél",
        "persona_gap": "Egyenlő bánásmód: pontszám ügyfélszerepenként",
        "gap": "különbség",
        "not_clearly_different": "nincs egyértelmű különbség",
        "tier": "Szint",
        "clearly_different": "egyértelmű különbség",
        "rank": "Helyezés a régióban",
        "too_few": "Túl kevés látogatás a megítéléshez.",
        "locations": "Helyszínek",
        "failed_share": "Nem megfelelt látogatások",
        "title": "Próbavásárlási jelentés",
        "client": "Megbízó",
        "location": "Helyszín",
        "date": "A látogatás napja",
        "situation": "Helyzet",
        "channel": "Csatorna",
        "persona": "Ügyfélszerep",
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
        "did_not_happen": "nem történt meg",
        "yes": "igen",
        "no": "nem",
        "not_scored": "nem pontozott",
        "loyalty": "Ügyfélhűség",
        "photos": "Fényképek",
        "page": "Oldal",
        "meets_target": "eléri a célt",
        "below_target": "a cél alatt",
        "verdict": "Értékelés",
        "tiers_note": "Az egy szinten lévő helyszínek nem térnek el egymástól egyértelműen.",
        "tier_heading": "{tier}. szint",
        "against_competitors": "A versenytársakhoz mérve",
        "competitors_note": "Ugyanazok az ellenőrzőlisták a régió versenytárs helyszínein "
        "({stores}), a látogatások együtt; egyiknek a nevét sem közöljük.",
        "competitors": "Versenytársak",
        "own_side": "Itt",
        "expectations": "A próbavásárlók elvárásaihoz képest",
        "exceeded": "felülmúlta",
        "fell_short": "elmaradt",
        "phase": "Szakasz",
        "audits_heading": "Látogatások",
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
    """A channel's name: the four the default codex ships with from this table, any other a
    client added to its codex (social media, letters) by the codex's own name for it."""
    names = CHANNELS.get(language, CHANNELS["en"])
    if channel in names:
        return names[channel]
    from codex.selectors import codex_choices

    return dict(codex_choices(None, language)["channels"]).get(channel, channel)


def rung_name(rung: str, language: str) -> str:
    return LADDER.get(language, LADDER["en"]).get(rung, rung)
