"""The default codex, drawn from the seed texts (shared/seeds, restated in DOMAIN.md).

Plain data: ``codex.loader`` turns it into a published codex version and one published checklist
per situation and channel. Every text is given in English, Finnish and Hungarian.
"""

from __future__ import annotations

from typing import Any


def t(en: str, fi: str, hu: str) -> dict[str, str]:
    return {"en": en, "fi": fi, "hu": hu}


ALL_CHANNELS = ["in_person", "phone", "email", "chat"]
SPOKEN = ["in_person", "phone"]

# Seed 000: the seven phases, in this order.
PHASES: list[dict[str, Any]] = [
    {
        "key": "arrival",
        "name": t("Arrival", "Palveluun saapuminen", "Érkezés"),
        "goal": t(
            "Create a good first impression, make sure the customer gets the service they came "
            "for, and inform them of the services.",
            "Hyvä ensivaikutelma, palvelun käytön varmistaminen ja palveluista tiedottaminen.",
            "Jó első benyomás, annak biztosítása, hogy az ügyfél a keresett szolgáltatást kapja, "
            "és tájékoztatás a szolgáltatásokról.",
        ),
        "effect": t(
            "Within eight seconds the customer decides they like the place.",
            "Asiakas päättää kahdeksassa sekunnissa viihtyvänsä paikassa.",
            "Az ügyfél nyolc másodpercen belül úgy dönt, hogy jól érzi magát.",
        ),
    },
    {
        "key": "waiting",
        "name": t("Waiting", "Odotus", "Várakozás"),
        "goal": t(
            "Serve customers in order of arrival.",
            "Asiakkaat palvellaan saapumisjärjestyksessä.",
            "Az ügyfelek kiszolgálása érkezési sorrendben.",
        ),
        "effect": t(
            "The customer feels the wait is fair.",
            "Asiakas kokee odotuksen reiluksi.",
            "Az ügyfél igazságosnak érzi a várakozást.",
        ),
    },
    {
        "key": "needs_clarification",
        "name": t("Needs clarification", "Tarvetäsmennys", "Igényfelmérés"),
        "goal": t(
            "Find out the customer's values, expectations and needs with the right clarifying "
            "questions.",
            "Selvitetään asiakkaan arvostukset, odotukset ja tarpeet oikeilla tarkentavilla "
            "kysymyksillä.",
            "Az ügyfél értékeinek, elvárásainak és igényeinek feltárása a megfelelő tisztázó "
            "kérdésekkel.",
        ),
        "effect": t(
            "The customer feels understood.",
            "Asiakas kokee tulleensa ymmärretyksi.",
            "Az ügyfél úgy érzi, megértették.",
        ),
    },
    {
        "key": "sales_conversation",
        "name": t("Sales conversation", "Myyntikeskustelu", "Értékesítési beszélgetés"),
        "goal": t(
            "Present without pushing: alternatives that meet the customer's criteria, benefits "
            "rather than features.",
            "Esittely ilman tyrkyttämistä: kriteerit täyttäviä vaihtoehtoja, etuja ja hyötyjä "
            "ominaisuuksien sijaan.",
            "Bemutatás tolakodás nélkül: az ügyfél szempontjainak megfelelő alternatívák, "
            "előnyök a jellemzők helyett.",
        ),
        "effect": t(
            "The customer chooses for themselves.",
            "Asiakas valitsee itse.",
            "Az ügyfél maga választ.",
        ),
    },
    {
        "key": "decision",
        "name": t("Decision", "Päätös", "Döntés"),
        "goal": t(
            "Help the customer decide, agree on price and terms, and accept a no gracefully.",
            "Autetaan asiakasta päättämään, sovitaan hinnasta ja ehdoista, hyväksytään kieltävä "
            "päätös.",
            "Segíteni az ügyfél döntését, megállapodni az árban és a feltételekben, és "
            "elfogadni a nemet.",
        ),
        "effect": t(
            "The customer is at ease with the decision.",
            "Asiakas on tyytyväinen päätökseensä.",
            "Az ügyfél elégedett a döntésével.",
        ),
    },
    {
        "key": "departure",
        "name": t("Departure", "Poistuminen", "Távozás"),
        "goal": t(
            "Never let a customer leave dissatisfied: a smile, a goodbye in full phrases, an "
            "unhurried farewell and a request for feedback.",
            "Asiakasta ei päästetä poistumaan tyytymättömänä: hymy, hyvästely täydellisin "
            "ilmauksin, kiireetön lopetus ja palautteen kysyminen.",
            "Az ügyfél soha ne távozzon elégedetlenül: mosoly, teljes mondatos elköszönés, "
            "kapkodás nélküli búcsú és visszajelzés kérése.",
        ),
        "effect": t(
            "The customer leaves more satisfied than they came.",
            "Asiakas lähtee tyytyväisempänä kuin tuli.",
            "Az ügyfél elégedettebben távozik, mint ahogy érkezett.",
        ),
    },
    {
        "key": "aftercare",
        "name": t("Aftercare", "Jälkihoito", "Utógondozás"),
        "goal": t(
            "Keep the relationship going: careful delivery, invoicing as agreed, careful "
            "handling of complaints.",
            "Varmistetaan asiakassuhteen jatkuvuus: huolellinen toimitus, laskutus sopimuksen "
            "mukaan ja valitusten huolellinen käsittely.",
            "A kapcsolat folytonossága: gondos szállítás, megállapodás szerinti számlázás, a "
            "panaszok gondos kezelése.",
        ),
        "effect": t(
            "The customer comes back and tells others.",
            "Asiakas palaa ja kertoo muille.",
            "Az ügyfél visszatér és másoknak is ajánlja.",
        ),
    },
]

# Seed 004: the encounter situations; ``skip`` lists phases the situation's process does not have.
SITUATIONS: list[dict[str, Any]] = [
    {
        "key": "product_inquiry",
        "name": t(
            "Inquiry about a product or service",
            "Tuotteesta tai palvelusta kysyvä asiakas",
            "Konkrét termék/szolgáltatás iránt érdeklődő ügyfél",
        ),
        "skip": [],
    },
    {
        "key": "problem_solution",
        "name": t(
            "Looking for a solution to a problem",
            "Ongelmaansa ratkaisua etsivä asiakas",
            "Konkrét problémára megoldást kereső ügyfél",
        ),
        "skip": [],
    },
    {
        "key": "complaint",
        "name": t("Complaint", "Reklamaatio", "Panaszos ügyfél"),
        "skip": ["sales_conversation"],
        "steps": {
            "needs_clarification": {
                "goal": t(
                    "Listen to the complaint calmly and with interest, even when it is not "
                    "justified.",
                    "Kuunnellaan reklamaatio rauhallisesti ja kiinnostuneesti, vaikka se ei "
                    "olisi aiheellinen.",
                    "A panasz nyugodt és érdeklődő meghallgatása, akkor is, ha nem jogos.",
                ),
                "effect": t(
                    "The customer feels their call for help was heard.",
                    "Asiakas kokee hätähuutonsa tulleen kuulluksi.",
                    "Az ügyfél úgy érzi, meghallgatták.",
                ),
            },
            "decision": {
                "goal": t(
                    "Handle the complaint promptly and precisely; agree what happens next.",
                    "Käsitellään reklamaatio ripeästi ja täsmällisesti; sovitaan jatkosta.",
                    "A panasz gyors és pontos kezelése; megállapodás a további lépésekről.",
                ),
                "effect": t(
                    "The customer wants to stay a customer.",
                    "Asiakas haluaa pysyä asiakkaana.",
                    "Az ügyfél ügyfél szeretne maradni.",
                ),
            },
        },
    },
    {
        "key": "information_request",
        "name": t("Request for information", "Tietoa pyytävä asiakas", "Információt kérő ügyfél"),
        "skip": ["sales_conversation"],
    },
    {
        "key": "acquisition",
        "name": t("Winning a new customer", "Uuden asiakkaan hankinta", "Akvizíció"),
        "skip": [],
    },
    {
        "key": "sales_follow_up",
        "name": t("Follow-up after a sale", "Myynnin jälkiseuranta", "Értékesítés utókövetése"),
        "skip": ["waiting"],
    },
]

PERSONAS: list[dict[str, Any]] = [
    {
        "key": "novice_pensioner",
        "name": t("Novice pensioner", "Eläkeläinen noviisi", "Kezdő nyugdíjas"),
        "description": t(
            "An 80-year-old who knows little of the product: wants features explained as "
            "benefits, in plain words.",
            "80-vuotias, joka tuntee tuotteen huonosti: haluaa ominaisuudet selitettyinä "
            "hyötyinä, selkokielellä.",
            "80 éves, keveset tud a termékről: a jellemzőket előnyökként, egyszerű szavakkal "
            "szeretné hallani.",
        ),
    },
    {
        "key": "expert_engineer",
        "name": t("Expert engineer", "Asiantuntijainsinööri", "Szakértő mérnök"),
        "description": t(
            "A 40-year-old engineer who knows the features: wants prices and straight answers.",
            "40-vuotias diplomi-insinööri, joka tuntee ominaisuudet: haluaa hintatiedot ja "
            "suorat vastaukset.",
            "40 éves mérnök, aki ismeri a jellemzőket: árakat és egyenes válaszokat vár.",
        ),
    },
    {
        "key": "upset_caller",
        "name": t("Upset customer", "Järkyttynyt asiakas", "Feldúlt ügyfél"),
        "description": t(
            "A customer who only gets in touch because something went wrong.",
            "Asiakas, joka ottaa yhteyttä vain, koska jokin meni vikaan.",
            "Ügyfél, aki csak azért keres meg, mert valami elromlott.",
        ),
    },
]

YES = t("Yes", "Kyllä", "Igen")

# Checkpoints in phase order. ``item`` is how the checklist asks about it; ``norm`` (optional)
# the rule of behaviour it measures; ``situations``/``channels`` limit where it applies.
CHECKPOINTS: list[dict[str, Any]] = [
    # Arrival
    {
        "key": "greeting_seconds",
        "phase": "arrival",
        "channels": ["in_person"],
        "name": t("Noticed and greeted", "Huomioiminen ja tervehdys", "Észrevétel és köszönés"),
        "item": {
            "type": "duration",
            "text": t(
                "Seconds from entering until a member of staff noticed or greeted you",
                "Sekunteja sisääntulosta siihen, kun henkilökunta huomioi tai tervehti sinua",
                "Másodpercek a belépéstől addig, amíg egy munkatárs észrevett vagy köszöntött",
            ),
            "weight": 2,
        },
        "norm": {
            "key": "greeted_within_8s",
            "measure": "max_duration",
            "threshold_seconds": 8,
            "target_rate": "0.9",
            "rule": t(
                "Every customer is noticed and greeted within eight seconds.",
                "Jokainen asiakas huomioidaan ja tervehditään kahdeksassa sekunnissa.",
                "Minden ügyfelet nyolc másodpercen belül észrevesznek és köszöntenek.",
            ),
        },
    },
    {
        "key": "calm_from_first_second",
        "phase": "arrival",
        "channels": ["phone"],
        "name": t(
            "Calm from the first second",
            "Rauhallisuus alusta alkaen",
            "Nyugalom az első pillanattól",
        ),
        "item": {
            "type": "yes_no",
            "text": t(
                "The person who answered was calm and friendly from the first second",
                "Vastaaja oli rauhallinen ja ystävällinen ensimmäisestä sekunnista",
                "A hívást fogadó munkatárs az első pillanattól nyugodt és barátságos volt",
            ),
            "weight": 2,
        },
        "norm": {
            "key": "phone_calm_from_first_second",
            "measure": "observed",
            "target_rate": "0.95",
            "rule": t(
                "On the phone, staff stay calm from the first second, however upset the caller.",
                "Puhelimessa pysytään rauhallisena alusta alkaen, vaikka soittaja olisi "
                "järkyttynyt.",
                "Telefonon a munkatárs az első pillanattól nyugodt marad, bármilyen feldúlt a "
                "hívó.",
            ),
        },
    },
    {
        "key": "reply_seconds",
        "phase": "arrival",
        "channels": ["email"],
        "name": t("Reply time", "Vastausaika", "Válaszidő"),
        "item": {
            "type": "duration",
            "text": t(
                "Time from sending your e-mail to receiving a reply, in seconds",
                "Aika sähköpostin lähettämisestä vastauksen saamiseen sekunteina",
                "Az e-mail elküldésétől a válasz megérkezéséig eltelt idő másodpercben",
            ),
            "weight": 2,
        },
        "norm": {
            "key": "email_reply_within_24h",
            "measure": "max_duration",
            "threshold_seconds": 86400,
            "display_unit": "hours",
            "partial_credit_until_seconds": 172800,
            "target_rate": "0.9",
            "rule": t(
                "Written enquiries are answered within 24 hours.",
                "Kirjallisiin yhteydenottoihin vastataan 24 tunnin kuluessa.",
                "Az írásos megkeresésekre 24 órán belül válaszolunk.",
            ),
        },
    },
    {
        "key": "first_impression",
        "phase": "arrival",
        "name": t("First impression", "Ensivaikutelma", "Első benyomás"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "text": t(
                "Your first impression (1 = poor, 5 = excellent)",
                "Ensivaikutelmasi (1 = huono, 5 = erinomainen)",
                "Az első benyomásod (1 = gyenge, 5 = kiváló)",
            ),
        },
    },
    {
        "key": "services_signposted",
        "phase": "arrival",
        "channels": ["in_person"],
        "name": t(
            "Services signposted", "Palveluista tiedottaminen", "Tájékoztatás a szolgáltatásokról"
        ),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "Signs, posters or in-store information told you about the services",
                "Opasteet, julisteet tai sisämainonta kertoivat palveluista",
                "Táblák, plakátok vagy bolti tájékoztatók ismertették a szolgáltatásokat",
            ),
        },
        "norm": {
            "key": "services_signposted",
            "measure": "observed",
            "target_rate": "0.8",
            "rule": t(
                "The services on offer are signposted where customers arrive.",
                "Palveluista tiedotetaan siellä, minne asiakkaat saapuvat.",
                "A szolgáltatásokról ott tájékoztatunk, ahová az ügyfelek érkeznek.",
            ),
        },
    },
    {
        "key": "entrance_photo",
        "phase": "arrival",
        "channels": ["in_person"],
        "name": t("Entrance photo", "Kuva sisäänkäynnistä", "Fotó a bejáratról"),
        "item": {
            "type": "photo",
            "min_photos": 1,
            "weight": 0,
            "text": t(
                "Photograph the entrance and its signage",
                "Kuvaa sisäänkäynti ja sen opasteet",
                "Fényképezd le a bejáratot és a feliratokat",
            ),
        },
    },
    # Waiting
    {
        "key": "queue_present",
        "phase": "waiting",
        "channels": SPOKEN,
        "name": t("Queue", "Jono", "Sor"),
        "item": {
            "type": "yes_no",
            "weight": 0,
            "text": t(
                "Was there a queue (or were you put on hold)?",
                "Oliko jonoa (tai jouduitko odottamaan linjalla)?",
                "Volt sor (vagy várakoztattak a vonalban)?",
            ),
        },
    },
    {
        "key": "waiting_seconds",
        "phase": "waiting",
        "channels": SPOKEN,
        "name": t("Waiting time", "Odotusaika", "Várakozási idő"),
        "item": {
            "type": "duration",
            "condition": {"item": "queue_present", "op": "equals", "value": True},
            "text": t(
                "How long you waited before being served, in seconds",
                "Kuinka kauan odotit ennen palvelua, sekunteina",
                "Mennyit vártál a kiszolgálásig, másodpercben",
            ),
        },
        "norm": {
            "key": "waited_at_most_5_min",
            "measure": "max_duration",
            "threshold_seconds": 300,
            "display_unit": "minutes",
            "partial_credit_until_seconds": 600,
            "target_rate": "0.8",
            "rule": t(
                "No customer waits more than five minutes.",
                "Kukaan asiakas ei odota yli viittä minuuttia.",
                "Egyetlen ügyfél sem vár öt percnél tovább.",
            ),
        },
    },
    {
        "key": "served_in_order",
        "phase": "waiting",
        "channels": ["in_person"],
        "name": t("Arrival order kept", "Saapumisjärjestys", "Érkezési sorrend"),
        "item": {
            "type": "yes_no",
            "condition": {"item": "queue_present", "op": "equals", "value": True},
            "text": t(
                "Customers were served in order of arrival (queue numbers or otherwise)",
                "Asiakkaat palveltiin saapumisjärjestyksessä (vuoronumeroin tai muuten)",
                "Az ügyfeleket érkezési sorrendben szolgálták ki (sorszámmal vagy másként)",
            ),
        },
        "norm": {
            "key": "served_in_arrival_order",
            "measure": "observed",
            "target_rate": "1",
            "rule": t(
                "Customers are served in order of arrival.",
                "Asiakkaat palvellaan saapumisjärjestyksessä.",
                "Az ügyfeleket érkezési sorrendben szolgáljuk ki.",
            ),
        },
    },
    # Needs clarification
    {
        "key": "clarifying_questions",
        "phase": "needs_clarification",
        "name": t("Clarifying questions", "Tarkentavat kysymykset", "Tisztázó kérdések"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "Staff asked clarifying questions about your needs before offering anything",
                "Henkilökunta esitti tarkentavia kysymyksiä tarpeistasi ennen kuin tarjosi mitään",
                "A munkatárs tisztázó kérdéseket tett fel az igényeidről, mielőtt bármit ajánlott",
            ),
        },
        "norm": {
            "key": "asked_clarifying_questions",
            "measure": "observed",
            "target_rate": "0.9",
            "rule": t(
                "Needs are clarified with questions before anything is offered.",
                "Tarpeet selvitetään kysymällä ennen kuin mitään tarjotaan.",
                "Az igényeket kérdésekkel tisztázzuk, mielőtt bármit ajánlanánk.",
            ),
        },
    },
    {
        "key": "right_questions",
        "phase": "needs_clarification",
        "name": t("The right questions", "Oikeat kysymykset", "A megfelelő kérdések"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "text": t(
                "How well the questions got at what you really needed (1-5)",
                "Kuinka hyvin kysymykset osuivat todelliseen tarpeeseesi (1-5)",
                "Mennyire találták el a kérdések a valódi igényedet (1-5)",
            ),
        },
    },
    {
        "key": "help_offered",
        "phase": "needs_clarification",
        "channels": ["in_person"],
        "name": t("Help offered", "Avun tarjoaminen", "Segítség felajánlása"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "When you seemed to be looking for something, staff offered help",
                "Kun näytit etsivän jotain, henkilökunta tarjosi apua",
                "Amikor láthatóan kerestél valamit, a munkatárs segítséget ajánlott",
            ),
        },
        "norm": {
            "key": "offered_help_actively",
            "measure": "observed",
            "target_rate": "0.9",
            "rule": t(
                "Staff actively offer help to a customer who seems to be looking for something.",
                "Henkilökunta tarjoaa aktiivisesti apua asiakkaalle, joka näyttää etsivän jotain.",
                "A munkatárs aktívan segítséget ajánl annak, aki láthatóan keres valamit.",
            ),
        },
    },
    # Sales conversation
    {
        "key": "benefits_over_features",
        "phase": "sales_conversation",
        "name": t(
            "Benefits over features", "Hyödyt ominaisuuksien sijaan", "Előnyök a jellemzők helyett"
        ),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff talked about what the product would do for you rather than listing "
                "features or jargon",
                "Henkilökunta kertoi tuotteen hyödyistä sinulle eikä luetellut ominaisuuksia tai "
                "lyhenteitä",
                "A munkatárs arról beszélt, mit nyújt neked a termék, nem jellemzőket vagy "
                "szakzsargont sorolt",
            ),
        },
        "norm": {
            "key": "benefits_over_features",
            "measure": "observed",
            "target_rate": "0.9",
            "rule": t(
                "Products are presented by their benefits to this customer, without jargon.",
                "Tuotteet esitellään asiakkaan saamina hyötyinä, ilman ammattislangia.",
                "A termékeket az ügyfél számára jelentett előnyeikkel mutatjuk be, zsargon nélkül.",
            ),
        },
    },
    {
        "key": "no_pushing",
        "phase": "sales_conversation",
        "name": t("No pushing", "Ei tyrkyttämistä", "Nincs tolakodás"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "You were left to choose for yourself; nothing was pushed on you",
                "Sait valita itse; mitään ei tyrkytetty",
                "Magad választhattál; semmit sem erőltettek rád",
            ),
        },
        "norm": {
            "key": "no_pushing",
            "measure": "observed",
            "target_rate": "1",
            "rule": t(
                "Presenting never becomes pushing: the customer chooses.",
                "Esittely ei ole tyrkyttämistä: asiakas valitsee.",
                "A bemutatás soha nem tolakodó: az ügyfél választ.",
            ),
        },
    },
    {
        "key": "alternatives_offered",
        "phase": "sales_conversation",
        "name": t("Alternatives", "Vaihtoehdot", "Alternatívák"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "You were offered alternatives that met your criteria",
                "Sinulle tarjottiin kriteerisi täyttäviä vaihtoehtoja",
                "A szempontjaidnak megfelelő alternatívákat kínáltak",
            ),
        },
        "norm": {
            "key": "alternatives_offered",
            "measure": "observed",
            "target_rate": "0.8",
            "rule": t(
                "Alternatives that meet the customer's criteria are offered.",
                "Asiakkaalle tarjotaan hänen kriteerinsä täyttäviä vaihtoehtoja.",
                "Az ügyfél szempontjainak megfelelő alternatívákat kínálunk.",
            ),
        },
    },
    {
        "key": "chat_open_question",
        "phase": "sales_conversation",
        "channels": ["chat"],
        "name": t("Open question in chat", "Avoin kysymys chatissa", "Nyitott kérdés a chatben"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Answers were concise and ended with an open question that kept the conversation "
                "going",
                "Vastaukset olivat ytimekkäitä ja päättyivät avoimeen kysymykseen, joka jatkoi "
                "keskustelua",
                "A válaszok tömörek voltak, és nyitott kérdéssel folytatták a beszélgetést",
            ),
        },
        "norm": {
            "key": "chat_ends_with_open_question",
            "measure": "observed",
            "target_rate": "0.8",
            "rule": t(
                "In chat, answer concisely, then ask an open question.",
                "Chatissa vastataan ytimekkäästi ja kysytään sitten avoin kysymys.",
                "Chatben tömören válaszolunk, majd nyitott kérdést teszünk fel.",
            ),
        },
    },
    # Decision
    {
        "key": "helped_to_decide",
        "phase": "decision",
        "situations": ["product_inquiry", "problem_solution", "acquisition", "sales_follow_up"],
        "name": t("Help to decide", "Apu päätökseen", "Segítség a döntéshez"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff helped you decide and agreed price and terms clearly",
                "Henkilökunta auttoi päättämään ja sopi hinnasta ja ehdoista selkeästi",
                "A munkatárs segített dönteni, és világosan megállapodott az árban és a "
                "feltételekben",
            ),
        },
        "norm": {
            "key": "helped_to_decide",
            "measure": "observed",
            "target_rate": "0.9",
            "rule": t(
                "Staff help the customer decide and agree price and terms clearly.",
                "Asiakasta autetaan päättämään ja hinnasta ja ehdoista sovitaan selkeästi.",
                "Segítünk dönteni, és világosan megállapodunk az árban és a feltételekben.",
            ),
        },
    },
    {
        "key": "no_accepted",
        "phase": "decision",
        "situations": ["product_inquiry", "problem_solution", "acquisition", "sales_follow_up"],
        "name": t("A no accepted", "Kieltävän päätöksen hyväksyminen", "A nem elfogadása"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "When you said no (or not yet), it was accepted gracefully",
                "Kun sanoit ei (tai ei vielä), se hyväksyttiin ystävällisesti",
                "Amikor nemet (vagy még nemet) mondtál, azt kedvesen elfogadták",
            ),
        },
        "norm": {
            "key": "no_accepted_gracefully",
            "measure": "observed",
            "target_rate": "1",
            "rule": t(
                "A customer's decision not to buy is accepted gracefully.",
                "Asiakkaan päätös olla ostamatta hyväksytään ystävällisesti.",
                "Az ügyfél nemleges döntését kedvesen elfogadjuk.",
            ),
        },
    },
    {
        "key": "complaint_handled",
        "phase": "decision",
        "situations": ["complaint"],
        "name": t("Complaint handled", "Reklamaation käsittely", "A panasz kezelése"),
        "item": {
            "type": "yes_no",
            "critical": True,
            "weight": 3,
            "text": t(
                "Your complaint was taken up and handled promptly, precisely and with interest",
                "Reklamaatiosi otettiin käsittelyyn ripeästi, täsmällisesti ja kiinnostuneesti",
                "A panaszodat gyorsan, pontosan és érdeklődéssel kezelték",
            ),
        },
        "norm": {
            "key": "complaint_never_unhandled",
            "measure": "observed",
            "target_rate": "1",
            "rule": t(
                "A complaint is never left unhandled; it is handled promptly, precisely and with "
                "interest, even when not justified.",
                "Reklamaatiota ei koskaan jätetä hoitamatta; se hoidetaan ripeästi, "
                "täsmällisesti ja kiinnostuneesti, vaikka se ei olisi aiheellinen.",
                "Panaszt soha nem hagyunk kezeletlenül; gyorsan, pontosan és érdeklődéssel "
                "kezeljük, akkor is, ha nem jogos.",
            ),
        },
    },
    {
        "key": "information_complete",
        "phase": "decision",
        "situations": ["information_request"],
        "name": t("Information given", "Tieto annettu", "Információ megadva"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "text": t(
                "How complete and clear the information you got was (1-5)",
                "Kuinka kattavaa ja selkeää saamasi tieto oli (1-5)",
                "Mennyire volt teljes és világos a kapott információ (1-5)",
            ),
        },
    },
    # Departure
    {
        "key": "unhurried_farewell",
        "phase": "departure",
        "name": t("Unhurried farewell", "Kiireetön hyvästely", "Kapkodás nélküli búcsú"),
        "item": {
            "type": "yes_no",
            "text": t(
                "The goodbye was friendly and unhurried, in full phrases",
                "Hyvästely oli ystävällinen ja kiireetön, täydellisin ilmauksin",
                "Az elköszönés barátságos, kapkodás nélküli és teljes mondatos volt",
            ),
        },
        "norm": {
            "key": "unhurried_farewell",
            "measure": "observed",
            "target_rate": "0.9",
            "rule": t(
                "Every customer gets a friendly, unhurried farewell in full phrases.",
                "Jokainen asiakas hyvästellään ystävällisesti, kiireettä ja täydellisin ilmauksin.",
                "Minden ügyféltől barátságosan, kapkodás nélkül, teljes mondatokkal köszönünk el.",
            ),
        },
    },
    {
        "key": "feedback_requested",
        "phase": "departure",
        "name": t("Feedback requested", "Palautteen pyytäminen", "Visszajelzés kérése"),
        "item": {
            "type": "yes_no",
            "text": t(
                "You were asked for feedback (a question, a survey or a feedback box)",
                "Sinulta pyydettiin palautetta (kysymys, kysely tai palautelaatikko)",
                "Visszajelzést kértek tőled (kérdés, kérdőív vagy véleményláda)",
            ),
        },
        "norm": {
            "key": "feedback_requested",
            "measure": "observed",
            "target_rate": "0.8",
            "rule": t(
                "Customers are asked for feedback before they leave.",
                "Asiakkailta pyydetään palautetta ennen kuin he lähtevät.",
                "Távozás előtt visszajelzést kérünk az ügyfelektől.",
            ),
        },
    },
    # Aftercare
    {
        "key": "follow_up_as_agreed",
        "phase": "aftercare",
        "name": t(
            "Follow-up as agreed", "Yhteydenpito sovitusti", "Megállapodás szerinti utókövetés"
        ),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "What was promised afterwards (call-back, delivery, invoice) happened as agreed",
                "Luvattu jatko (soitto, toimitus, lasku) tapahtui sovitusti",
                "A megígért folytatás (visszahívás, szállítás, számla) a megállapodás szerint "
                "történt",
            ),
        },
        "norm": {
            "key": "aftercare_as_agreed",
            "measure": "observed",
            "target_rate": "0.95",
            "rule": t(
                "Delivery, invoicing and call-backs happen as agreed.",
                "Toimitus, laskutus ja yhteydenotot hoidetaan sovitusti.",
                "A szállítás, a számlázás és a visszahívás a megállapodás szerint történik.",
            ),
        },
    },
    {
        "key": "loyalty",
        "phase": "aftercare",
        "name": t("Loyalty", "Asiakasuskollisuus", "Hűség"),
        "item": {
            "type": "single_choice",
            "measures_loyalty": True,
            "weight": 0,
            "text": t(
                "After this visit, which describes you best?",
                "Mikä kuvaa sinua parhaiten tämän käynnin jälkeen?",
                "A látogatás után melyik jellemez a legjobban?",
            ),
            "choices": [
                (
                    "consumer",
                    t(
                        "I would not come back unless I had to",
                        "En palaisi, ellei olisi pakko",
                        "Csak akkor jönnék vissza, ha muszáj",
                    ),
                ),
                (
                    "trier",
                    t(
                        "I might give it one more try",
                        "Voisin kokeilla vielä kerran",
                        "Talán még egyszer kipróbálnám",
                    ),
                ),
                (
                    "customer",
                    t(
                        "I would buy here again",
                        "Ostaisin täältä uudelleen",
                        "Újra vásárolnék itt",
                    ),
                ),
                (
                    "loyalist",
                    t(
                        "I would always come back",
                        "Tulisin aina takaisin",
                        "Mindig visszajönnék",
                    ),
                ),
                (
                    "advocate",
                    t(
                        "I would recommend it to others",
                        "Suosittelisin muille",
                        "Másoknak is ajánlanám",
                    ),
                ),
            ],
        },
    },
    {
        "key": "overall_comment",
        "phase": "aftercare",
        "name": t("Overall comment", "Yleiskommentti", "Általános megjegyzés"),
        "item": {
            "type": "text",
            "required": False,
            "weight": 0,
            "text": t(
                "Anything else the client should know about this visit",
                "Muuta, mitä asiakkaan tulisi tietää tästä käynnistä",
                "Bármi más, amit az ügyfélnek tudnia kell erről a látogatásról",
            ),
        },
    },
]

CHANNEL_NAMES = {
    "in_person": t("in person", "paikan päällä", "személyesen"),
    "phone": t("by phone", "puhelimitse", "telefonon"),
    "email": t("by e-mail", "sähköpostitse", "e-mailben"),
    "chat": t("in chat", "chatissa", "chaten"),
}
