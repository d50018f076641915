"""The default codex, drawn from the seed texts (shared/seeds, restated in DOMAIN.md).

Plain data: ``checklists.defaults`` turns it into a published codex version and one published
checklist per situation and channel. Every text is given in English, Finnish and Hungarian; the
Finnish addresses the auditor as "sinä", the Hungarian formally ("Ön"), as the rest of the product
does. "Client" is the commissioning client (toimeksiantaja, megbízó), "customer" the one served
(asiakas, ügyfél). ``codex/COVERAGE.md`` maps every concept of the texts to what measures it.
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
        "name": t("Aftercare", "Jälkihoito", "Ügyfélgondozás"),
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

# Seed 004, step 2: each situation's process broken into steps, each with its own goal and the
# effect it should have on the customer. A checklist item is a detail of one step. A step is
# shared by the situations whose process has it (a situation may word its goal and effect in its
# own way, ``SITUATIONS[...]["steps"]``); ``direction`` marks the steps only an inbound contact
# (the customer comes or calls) or only an outbound one (staff contact the customer) has.
STEPS: dict[str, dict[str, Any]] = {
    "first_contact": {
        "phase": "arrival",
        "direction": "inbound",
        "name": t("First contact", "Ensikontakti", "Első kapcsolat"),
        "goal": t(
            "Notice and greet the customer within eight seconds; answer a call or a chat as "
            "quickly, a written enquiry within 24 hours, and calmly from the first second.",
            "Asiakas huomioidaan ja tervehditään kahdeksassa sekunnissa; puheluun ja chattiin "
            "vastataan yhtä ripeästi, kirjalliseen yhteydenottoon 24 tunnissa, rauhallisesti "
            "alusta alkaen.",
            "Az ügyfelet nyolc másodpercen belül észrevesszük és köszöntjük; a hívást és a "
            "chatet ugyanilyen gyorsan fogadjuk, az írásos megkeresésre 24 órán belül "
            "válaszolunk, az első pillanattól nyugodtan.",
        ),
        "effect": t(
            "Within eight seconds the customer decides they like the place.",
            "Asiakas päättää kahdeksassa sekunnissa viihtyvänsä.",
            "Az ügyfél nyolc másodpercen belül eldönti, hogy jól érzi magát.",
        ),
    },
    "first_impression": {
        "phase": "arrival",
        "name": t("First impression", "Ensivaikutelma", "Első benyomás"),
        "goal": t(
            "A good first impression; the services are signposted where customers arrive.",
            "Hyvä ensivaikutelma; palveluista tiedotetaan siellä, minne asiakkaat saapuvat.",
            "Jó első benyomás; a szolgáltatásokról ott tájékoztatunk, ahová az ügyfelek érkeznek.",
        ),
        "effect": t(
            "The customer knows they came to the right place for the service they wanted.",
            "Asiakas tietää tulleensa oikeaan paikkaan haluamaansa palvelua varten.",
            "Az ügyfél tudja, hogy jó helyre jött a kívánt szolgáltatásért.",
        ),
    },
    "open_contact": {
        "phase": "arrival",
        "direction": "outbound",
        "name": t("Opening the contact", "Yhteydenoton avaus", "A megkeresés megnyitása"),
        "goal": t(
            "Introduce yourself and the reason for the contact, and ask whether it suits the "
            "customer now.",
            "Esittäydytään, kerrotaan yhteydenoton syy ja kysytään, sopiiko se asiakkaalle nyt.",
            "Bemutatkozunk, elmondjuk a megkeresés okát, és megkérdezzük, most alkalmas-e az "
            "ügyfélnek.",
        ),
        "effect": t(
            "The customer knows who is calling and why, and feels free to say no.",
            "Asiakas tietää, kuka ottaa yhteyttä ja miksi, ja voi vapaasti kieltäytyä.",
            "Az ügyfél tudja, ki keresi és miért, és bátran nemet mondhat.",
        ),
    },
    "refer_back": {
        "phase": "arrival",
        "direction": "outbound",
        "name": t("Referring back", "Aiempaan viittaaminen", "Hivatkozás a korábbiakra"),
        "goal": t(
            "Refer to the earlier contact or purchase, so the customer is not a stranger.",
            "Viitataan aiempaan yhteydenottoon tai ostokseen, jottei asiakas ole vieras.",
            "Hivatkozunk a korábbi kapcsolatra vagy vásárlásra, hogy az ügyfél ne legyen idegen.",
        ),
        "effect": t(
            "The customer feels remembered.",
            "Asiakas kokee, että hänet muistetaan.",
            "Az ügyfél úgy érzi, emlékeznek rá.",
        ),
    },
    "wait_turn": {
        "phase": "waiting",
        "direction": "inbound",
        "name": t("Waiting one's turn", "Vuoron odottaminen", "Várakozás a sorra"),
        "goal": t(
            "Serve customers in order of arrival, without a long wait.",
            "Asiakkaat palvellaan saapumisjärjestyksessä ilman pitkää odotusta.",
            "Az ügyfeleket érkezési sorrendben, hosszú várakozás nélkül szolgáljuk ki.",
        ),
        "effect": t(
            "The customer feels the wait is fair.",
            "Asiakas kokee odotuksen reiluksi.",
            "Az ügyfél igazságosnak érzi a várakozást.",
        ),
    },
    "clarify_needs": {
        "phase": "needs_clarification",
        "name": t("Clarifying the needs", "Tarpeiden selvittäminen", "Az igények feltárása"),
        "goal": t(
            "Find out the customer's values, expectations and needs with the right questions; "
            "offer help actively; in writing and in chat, answer concisely and keep the "
            "conversation going.",
            "Selvitetään asiakkaan arvostukset, odotukset ja tarpeet oikeilla kysymyksillä; "
            "tarjotaan apua aktiivisesti; kirjallisesti ja chatissa vastataan ytimekkäästi ja "
            "pidetään keskustelua yllä.",
            "A megfelelő kérdésekkel feltárjuk az ügyfél értékeit, elvárásait és igényeit; "
            "aktívan felajánljuk a segítséget; írásban és chatben tömören válaszolunk, és "
            "fenntartjuk a beszélgetést.",
        ),
        "effect": t(
            "The customer feels understood.",
            "Asiakas kokee tulleensa ymmärretyksi.",
            "Az ügyfél úgy érzi, megértették.",
        ),
    },
    "understand_problem": {
        "phase": "needs_clarification",
        "name": t("Understanding the problem", "Ongelman ymmärtäminen", "A probléma megértése"),
        "goal": t(
            "Find out what exactly the problem is, and what the customer has already tried, "
            "before proposing a solution.",
            "Selvitetään, mikä ongelma tarkalleen on ja mitä asiakas on jo kokeillut, ennen "
            "kuin ratkaisua ehdotetaan.",
            "Feltárjuk, pontosan mi a probléma, és mit próbált már az ügyfél, mielőtt "
            "megoldást javasolnánk.",
        ),
        "effect": t(
            "The customer trusts that the solution will fit their problem.",
            "Asiakas luottaa siihen, että ratkaisu sopii hänen ongelmaansa.",
            "Az ügyfél bízik abban, hogy a megoldás illik a problémájához.",
        ),
    },
    "hear_complaint": {
        "phase": "needs_clarification",
        "name": t("Hearing the complaint", "Reklamaation kuunteleminen", "A panasz meghallgatása"),
        "goal": t(
            "Listen to the complaint calmly and with interest, even when it is not justified; "
            "never dismissively, arrogantly, belittlingly or without interest.",
            "Kuunnellaan reklamaatio rauhallisesti ja kiinnostuneesti, vaikka se ei olisi "
            "aiheellinen; ei koskaan penseästi, ylimielisesti, vähätellen tai välinpitämättömästi.",
            "A panaszt nyugodtan és érdeklődéssel hallgatjuk meg, akkor is, ha nem jogos; soha "
            "nem elutasítóan, fölényesen, lekicsinylően vagy érdektelenül.",
        ),
        "effect": t(
            "The customer feels their call for help was heard.",
            "Asiakas kokee hätähuutonsa tulleen kuulluksi.",
            "Az ügyfél úgy érzi, meghallották a segélykérését.",
        ),
    },
    "present_options": {
        "phase": "sales_conversation",
        "name": t("Presenting the options", "Vaihtoehtojen esittely", "A lehetőségek bemutatása"),
        "goal": t(
            "Present without pushing, with knowledge of the products: alternatives that meet "
            "the customer's criteria, benefits rather than features or jargon.",
            "Esitellään tyrkyttämättä ja tuotteet tuntien: asiakkaan kriteerit täyttäviä "
            "vaihtoehtoja, etuja ja hyötyjä ominaisuuksien tai lyhenteiden sijaan.",
            "Tolakodás nélkül, a termékek ismeretében mutatjuk be: az ügyfél szempontjainak "
            "megfelelő alternatívákat, előnyöket a jellemzők vagy a zsargon helyett.",
        ),
        "effect": t(
            "The customer chooses for themselves.",
            "Asiakas valitsee itse.",
            "Az ügyfél maga választ.",
        ),
    },
    "reach_decision": {
        "phase": "decision",
        "name": t("Reaching a decision", "Päätökseen pääseminen", "A döntés meghozatala"),
        "goal": t(
            "Help the customer decide, agree on price and terms clearly, and accept a no "
            "gracefully.",
            "Autetaan asiakasta päättämään, sovitaan hinnasta ja ehdoista selkeästi ja "
            "hyväksytään kieltävä päätös ystävällisesti.",
            "Segítünk az ügyfélnek dönteni, világosan megállapodunk az árban és a "
            "feltételekben, és kedvesen elfogadjuk a nemet.",
        ),
        "effect": t(
            "The customer is at ease with the decision, whichever it is.",
            "Asiakas on tyytyväinen päätökseensä, oli se mikä tahansa.",
            "Az ügyfél elégedett a döntésével, bármi legyen is az.",
        ),
    },
    "resolve_complaint": {
        "phase": "decision",
        "name": t("Resolving the complaint", "Reklamaation ratkaiseminen", "A panasz rendezése"),
        "goal": t(
            "Take the complaint up and handle it promptly and precisely, even when it is not "
            "justified (which need not mean compensation); agree what happens next.",
            "Reklamaatio otetaan käsittelyyn ja hoidetaan ripeästi ja täsmällisesti, vaikka se "
            "ei olisi aiheellinen (mikä ei välttämättä tarkoita hyvitystä); sovitaan jatkosta.",
            "A panaszt felvesszük, és gyorsan, pontosan kezeljük, akkor is, ha nem jogos (ami "
            "nem feltétlenül jelent kártérítést); megállapodunk a további lépésekről.",
        ),
        "effect": t(
            "The customer wants to stay a customer.",
            "Asiakas haluaa pysyä asiakkaana.",
            "Az ügyfél továbbra is ügyfél szeretne maradni.",
        ),
    },
    "give_information": {
        "phase": "decision",
        "name": t("Giving the information", "Tiedon antaminen", "Az információ megadása"),
        "goal": t(
            "Give complete, correct and clear information.",
            "Annetaan kattava, oikea ja selkeä tieto.",
            "Teljes, pontos és világos információt adunk.",
        ),
        "effect": t(
            "The customer has what they came for.",
            "Asiakas saa sen, mitä tuli hakemaan.",
            "Az ügyfél megkapja, amiért jött.",
        ),
    },
    "farewell": {
        "phase": "departure",
        "name": t("Farewell", "Hyvästely", "Elköszönés"),
        "goal": t(
            "Never let a customer leave dissatisfied: a smile, a goodbye in full phrases, an "
            "unhurried farewell.",
            "Asiakasta ei päästetä lähtemään tyytymättömänä: hymy, hyvästely täydellisin "
            "ilmauksin, kiireetön lopetus.",
            "Az ügyfél soha ne távozzon elégedetlenül: mosoly, teljes mondatos elköszönés, "
            "kapkodás nélküli búcsú.",
        ),
        "effect": t(
            "The customer leaves more satisfied than they came.",
            "Asiakas lähtee tyytyväisempänä kuin tuli.",
            "Az ügyfél elégedettebben távozik, mint ahogy érkezett.",
        ),
    },
    "ask_feedback": {
        "phase": "departure",
        "name": t("Asking for feedback", "Palautteen pyytäminen", "Visszajelzés kérése"),
        "goal": t(
            "Ask the customer for feedback: a question, a survey or a feedback box.",
            "Pyydetään asiakkaalta palautetta: kysymys, kysely tai palautelaatikko.",
            "Visszajelzést kérünk az ügyféltől: kérdéssel, kérdőívvel vagy véleményládával.",
        ),
        "effect": t(
            "The customer feels their opinion counts.",
            "Asiakas kokee mielipiteensä merkitsevän.",
            "Az ügyfél úgy érzi, számít a véleménye.",
        ),
    },
    "follow_through": {
        "phase": "aftercare",
        "name": t("Following through", "Lupausten pitäminen", "Az ígéretek betartása"),
        "goal": t(
            "Do what was agreed: delivery, invoicing, a call-back when promised; document the "
            "contact.",
            "Tehdään sovittu: toimitus, laskutus, takaisinsoitto luvattuna aikana; yhteydenotto "
            "dokumentoidaan.",
            "Megtesszük, amiben megállapodtunk: szállítás, számlázás, visszahívás az ígért "
            "időben; a kapcsolatot dokumentáljuk.",
        ),
        "effect": t(
            "The customer can rely on the company.",
            "Asiakas voi luottaa yritykseen.",
            "Az ügyfél számíthat a cégre.",
        ),
    },
    "relationship": {
        "phase": "aftercare",
        "name": t("The relationship", "Asiakassuhde", "Az ügyfélkapcsolat"),
        "goal": t(
            "Keep the relationship going, so the customer climbs the loyalty ladder.",
            "Varmistetaan asiakassuhteen jatkuvuus, jotta asiakas nousee asiakasportailla.",
            "Fenntartjuk a kapcsolatot, hogy az ügyfél feljebb lépjen a hűséglétrán.",
        ),
        "effect": t(
            "The customer comes back and tells others.",
            "Asiakas palaa ja kertoo muille.",
            "Az ügyfél visszatér, és másoknak is ajánl minket.",
        ),
    },
}

# Seed 004, step 1: the encounter situations, each with its process's steps in order.
INBOUND_SITUATIONS = [
    "product_inquiry",
    "problem_solution",
    "complaint",
    "information_request",
]
OUTBOUND_SITUATIONS = ["acquisition", "sales_follow_up"]
SELLING_SITUATIONS = ["product_inquiry", "problem_solution", "acquisition", "sales_follow_up"]
ARRIVING = ["first_contact", "first_impression", "wait_turn"]
CLOSING = ["farewell", "ask_feedback", "follow_through", "relationship"]

SITUATIONS: list[dict[str, Any]] = [
    {
        "key": "product_inquiry",
        "name": t(
            "Inquiry about a product or service",
            "Tuotteesta tai palvelusta kysyvä asiakas",
            "Konkrét termék vagy szolgáltatás iránt érdeklődő ügyfél",
        ),
        "steps": [*ARRIVING, "clarify_needs", "present_options", "reach_decision", *CLOSING],
    },
    {
        "key": "problem_solution",
        "name": t(
            "Looking for a solution to a problem",
            "Ongelmaansa ratkaisua etsivä asiakas",
            "Konkrét problémára megoldást kereső ügyfél",
        ),
        "steps": [
            *ARRIVING,
            "understand_problem",
            "clarify_needs",
            "present_options",
            "reach_decision",
            *CLOSING,
        ],
    },
    {
        "key": "complaint",
        "name": t("Complaint", "Reklamaatio", "Panaszos ügyfél"),
        "steps": [*ARRIVING, "hear_complaint", "clarify_needs", "resolve_complaint", *CLOSING],
        "overrides": {
            "farewell": {
                "effect": t(
                    "The customer leaves more satisfied than they came, and wants to stay a "
                    "customer.",
                    "Asiakas lähtee tyytyväisempänä kuin tuli ja haluaa pysyä asiakkaana.",
                    "Az ügyfél elégedettebben távozik, mint ahogy érkezett, és ügyfél "
                    "szeretne maradni.",
                ),
            },
        },
    },
    {
        "key": "information_request",
        "name": t("Request for information", "Tietoa pyytävä asiakas", "Információt kérő ügyfél"),
        "steps": [*ARRIVING, "clarify_needs", "give_information", *CLOSING],
    },
    {
        "key": "acquisition",
        "direction": "outbound",
        "name": t("Winning a new customer", "Uuden asiakkaan hankinta", "Új ügyfél megszerzése"),
        "steps": ["open_contact", "clarify_needs", "present_options", "reach_decision", *CLOSING],
    },
    {
        "key": "sales_follow_up",
        "direction": "outbound",
        "name": t("Follow-up after a sale", "Myynnin jälkiseuranta", "Értékesítés utókövetése"),
        "steps": [
            "open_contact",
            "refer_back",
            "clarify_needs",
            "present_options",
            "reach_decision",
            *CLOSING,
        ],
        "overrides": {
            "clarify_needs": {
                "goal": t(
                    "Ask how the purchase has served the customer, and what they need now.",
                    "Kysytään, miten ostos on palvellut asiakasta ja mitä hän nyt tarvitsee.",
                    "Megkérdezzük, hogyan vált be a vásárlás, és mire van most szüksége az "
                    "ügyfélnek.",
                ),
            },
        },
    },
]

# Seed 000 and 003: the customer's knowledge changes what they need (the 80-year-old pensioner
# and the 40-year-old engineer), and service must be equal whatever their age, gender or
# background. Personas are described by attributes, so two that differ in one attribute only
# (``MATCHED_PAIRS``) measure unequal treatment, not a different need.
PERSONAS: list[dict[str, Any]] = [
    {
        "key": "novice_pensioner",
        "attributes": {"age_band": "senior", "gender": "woman", "expertise": "novice"},
        "name": t(
            "Pensioner new to the product", "Asiaa tuntematon eläkeläinen", "Laikus nyugdíjas"
        ),
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
        "key": "young_novice",
        "attributes": {"age_band": "young", "gender": "woman", "expertise": "novice"},
        "name": t(
            "Young customer new to the product",
            "Asiaa tuntematon nuori asiakas",
            "Laikus fiatal ügyfél",
        ),
        "description": t(
            "A 25-year-old who knows as little of the product as the pensioner and asks the "
            "same things: only the age differs.",
            "25-vuotias, joka tuntee tuotteen yhtä huonosti kuin eläkeläinen ja kysyy samoja "
            "asioita: vain ikä eroaa.",
            "25 éves, aki ugyanannyit tud a termékről, mint a nyugdíjas, és ugyanazt kérdezi: "
            "csak az életkor más.",
        ),
    },
    {
        "key": "young_novice_man",
        "attributes": {"age_band": "young", "gender": "man", "expertise": "novice"},
        "name": t(
            "Young man new to the product",
            "Asiaa tuntematon nuori mies",
            "Laikus fiatal férfi",
        ),
        "description": t(
            "The young customer's script played by a man: only the gender differs.",
            "Nuoren asiakkaan käsikirjoitus miehen esittämänä: vain sukupuoli eroaa.",
            "A fiatal ügyfél forgatókönyve férfi szereplővel: csak a nem más.",
        ),
    },
    {
        "key": "expert_engineer",
        "attributes": {"age_band": "middle", "gender": "man", "expertise": "expert"},
        "name": t("Expert engineer", "Asiantunteva insinööri", "Szakértő mérnök"),
        "description": t(
            "A 40-year-old engineer who knows the features: wants prices and straight answers.",
            "40-vuotias diplomi-insinööri, joka tuntee ominaisuudet: haluaa hintatiedot ja "
            "suorat vastaukset.",
            "40 éves mérnök, aki ismeri a jellemzőket: árakat és egyenes válaszokat vár.",
        ),
    },
    {
        "key": "expert_engineer_foreign",
        "attributes": {
            "age_band": "middle",
            "gender": "man",
            "expertise": "expert",
            "language": "en",
        },
        "name": t(
            "Expert engineer speaking English",
            "Englantia puhuva asiantunteva insinööri",
            "Angolul beszélő szakértő mérnök",
        ),
        "description": t(
            "The engineer's script in English: only the language differs.",
            "Insinöörin käsikirjoitus englanniksi: vain kieli eroaa.",
            "A mérnök forgatókönyve angolul: csak a nyelv más.",
        ),
    },
    {
        "key": "upset_caller",
        "attributes": {
            "age_band": "middle",
            "gender": "woman",
            "expertise": "novice",
            "temper": "upset",
        },
        "name": t("Upset customer", "Tuohtunut asiakas", "Felzaklatott ügyfél"),
        "description": t(
            "A customer who only gets in touch because something went wrong, and is upset.",
            "Asiakas, joka ottaa yhteyttä vain, koska jokin meni vikaan, ja on tuohtunut.",
            "Ügyfél, aki csak azért keres meg minket, mert valami elromlott, és zaklatott.",
        ),
    },
]

# Pairs of personas that differ in one attribute only: their gap at a location is unequal
# treatment (seed 003), not a different need.
MATCHED_PAIRS = [
    ("novice_pensioner", "young_novice"),  # age
    ("young_novice", "young_novice_man"),  # gender
    ("expert_engineer", "expert_engineer_foreign"),  # language
]

YES = t("Yes", "Kyllä", "Igen")


def texts_norm(key, rule, *, source, **spec) -> dict[str, Any]:
    """A norm the source texts state, threshold and all."""
    return {"key": key, "rule": rule, "basis": "texts", "source": source, **spec}


def convention_norm(key, rule, *, source="", **spec) -> dict[str, Any]:
    """A norm whose behaviour the texts name but whose threshold, or the norm itself, is an
    agency convention."""
    return {"key": key, "rule": rule, "basis": "convention", "source": source, **spec}


def observed(key, rule, target, *, source="", convention=False) -> dict[str, Any]:
    make = convention_norm if convention else texts_norm
    return make(key, rule, source=source, measure="observed", target_rate=target)


MOOD_SCALE = t(
    "(1 = very bad, 5 = very good)",
    "(1 = erittäin huono, 5 = erittäin hyvä)",
    "(1 = nagyon rossz, 5 = nagyon jó)",
)


def _mood(question: dict[str, str]) -> dict[str, str]:
    return {lang: f"{question[lang]} {MOOD_SCALE[lang]}" for lang in question}


# Checkpoints in process order: each is a detail of one step (``step``) and is asked by one
# checklist item (``item``); ``norm`` (optional) is the rule of behaviour it measures.
# ``channels`` limit it to some channels, ``situations`` to some of the situations that have its
# step. ``figure`` marks an item whose answer gives a visit outcome beside its score.
CHECKPOINTS: list[dict[str, Any]] = [
    # First contact (inbound)
    {
        "key": "greeting_seconds",
        "step": "first_contact",
        "channels": ["in_person"],
        "name": t("Noticed and greeted", "Huomioiminen ja tervehdys", "Fogadás és köszöntés"),
        "item": {
            "type": "duration",
            "weight": 2,
            "text": t(
                "Seconds from entering until a member of staff noticed or greeted you",
                "Sekunteja sisääntulosta siihen, kun henkilökunta huomioi tai tervehti sinua",
                "Másodpercek a belépéstől addig, hogy egy munkatárs észrevette vagy köszöntötte "
                "Önt",
            ),
        },
        "norm": texts_norm(
            "greeted_within_8s",
            t(
                "Every customer is noticed and greeted within eight seconds.",
                "Jokainen asiakas huomioidaan ja tervehditään kahdeksassa sekunnissa.",
                "Minden ügyfelet nyolc másodpercen belül észreveszünk és köszöntünk.",
            ),
            source="Seed 001: the customer decides within eight seconds whether they like it.",
            measure="max_duration",
            threshold_seconds=8,
            target_rate="0.9",
        ),
    },
    {
        "key": "phone_answer_seconds",
        "step": "first_contact",
        "channels": ["phone"],
        "name": t("Call answered", "Puheluun vastaaminen", "A hívás fogadása"),
        "item": {
            "type": "duration",
            "weight": 2,
            "text": t(
                "Seconds from the first ring until someone answered (or did not happen)",
                "Sekunteja ensimmäisestä hälytyksestä vastaamiseen (tai ei tapahtunut)",
                "Másodpercek az első kicsengéstől a hívás fogadásáig (vagy nem történt meg)",
            ),
        },
        "norm": convention_norm(
            "phone_answered_within_8s",
            t(
                "A call is answered within eight seconds.",
                "Puheluun vastataan kahdeksassa sekunnissa.",
                "A hívást nyolc másodpercen belül fogadjuk.",
            ),
            source="Seed 001's eight seconds, applied to a call; the 30-second tail of partial "
            "credit is an agency convention.",
            measure="max_duration",
            threshold_seconds=8,
            partial_credit_until_seconds=30,
            target_rate="0.9",
        ),
    },
    {
        "key": "chat_first_reply_seconds",
        "step": "first_contact",
        "channels": ["chat"],
        "name": t("First chat reply", "Ensimmäinen chat-vastaus", "Első chatválasz"),
        "item": {
            "type": "duration",
            "weight": 2,
            "text": t(
                "Seconds from your first message until a person replied (or did not happen)",
                "Sekunteja ensimmäisestä viestistäsi ihmisen vastaukseen (tai ei tapahtunut)",
                "Másodpercek az első üzenetétől egy munkatárs válaszáig (vagy nem történt meg)",
            ),
        },
        "norm": convention_norm(
            "chat_first_reply_within_8s",
            t(
                "A chat gets its first reply from a person within eight seconds.",
                "Chattiin vastaa ihminen kahdeksassa sekunnissa.",
                "A chatre nyolc másodpercen belül válaszol egy munkatárs.",
            ),
            source="Seed 001's eight seconds, applied to a chat; the one-minute tail of partial "
            "credit is an agency convention.",
            measure="max_duration",
            threshold_seconds=8,
            partial_credit_until_seconds=60,
            target_rate="0.9",
        ),
    },
    {
        "key": "reply_seconds",
        "step": "first_contact",
        "channels": ["email"],
        "name": t("Reply time", "Vastausaika", "Válaszidő"),
        "item": {
            "type": "duration",
            "weight": 2,
            "text": t(
                "When you sent your e-mail and when the reply came (or no reply by the cut-off)",
                "Milloin lähetit sähköpostisi ja milloin vastaus tuli (tai vastausta ei tullut "
                "määräaikaan mennessä)",
                "Mikor küldte el az e-mailt, és mikor jött a válasz (vagy nem jött válasz a "
                "határidőig)",
            ),
        },
        "norm": texts_norm(
            "email_reply_within_24h",
            t(
                "Written enquiries are answered within 24 hours.",
                "Kirjallisiin yhteydenottoihin vastataan 24 tunnin kuluessa.",
                "Az írásos megkeresésekre 24 órán belül válaszolunk.",
            ),
            source="Seed 003: companies with a 24-hour reply policy; the 48-hour tail of "
            "partial credit is an agency convention.",
            measure="max_duration",
            threshold_seconds=86400,
            display_unit="hours",
            partial_credit_until_seconds=172800,
            target_rate="0.9",
        ),
    },
    {
        "key": "calm_from_first_second",
        "step": "first_contact",
        "channels": ["phone"],
        "name": t(
            "Calm from the first second",
            "Rauhallisuus alusta alkaen",
            "Nyugalom az első pillanattól",
        ),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "The person who answered was calm and friendly from the first second",
                "Vastaaja oli rauhallinen ja ystävällinen ensimmäisestä sekunnista",
                "A hívást fogadó munkatárs az első pillanattól nyugodt és barátságos volt",
            ),
        },
        "norm": observed(
            "phone_calm_from_first_second",
            t(
                "On the phone, staff stay calm from the first second, however upset the caller.",
                "Puhelimessa pysytään rauhallisena alusta alkaen, vaikka soittaja olisi tuohtunut.",
                "Telefonon a munkatárs az első pillanattól nyugodt marad, bármennyire zaklatott "
                "is a hívó.",
            ),
            "0.95",
            source="Seed 003: callers are often upset; staff stay calm from the start.",
        ),
    },
    # First impression
    {
        "key": "first_impression",
        "step": "first_impression",
        "name": t("First impression", "Ensivaikutelma", "Első benyomás"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "text": t(
                "Your first impression (1 = poor, 5 = excellent)",
                "Ensivaikutelmasi (1 = huono, 5 = erinomainen)",
                "Az Ön első benyomása (1 = gyenge, 5 = kiváló)",
            ),
        },
    },
    {
        "key": "mood_at_arrival",
        "step": "first_impression",
        "name": t("Mood at arrival", "Mieliala saavuttaessa", "Hangulat érkezéskor"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "weight": 0,
            "figure": "mood_at_arrival",
            "text": _mood(
                t(
                    "How satisfied you felt as the contact began, before anything was done",
                    "Kuinka tyytyväinen olit asioinnin alkaessa, ennen kuin mitään oli tehty",
                    "Mennyire volt elégedett a kapcsolat kezdetén, mielőtt bármi történt",
                )
            ),
        },
    },
    {
        "key": "services_signposted",
        "step": "first_impression",
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
                "Táblák, plakátok vagy üzleten belüli tájékoztatók ismertették a szolgáltatásokat",
            ),
        },
        "norm": observed(
            "services_signposted",
            t(
                "The services on offer are signposted where customers arrive.",
                "Palveluista tiedotetaan siellä, minne asiakkaat saapuvat.",
                "A szolgáltatásokról ott tájékoztatunk, ahová az ügyfelek érkeznek.",
            ),
            "0.8",
            source="Seed 000: informing of the services (signs, posters, in-store advertising).",
        ),
    },
    {
        "key": "entrance_photo",
        "step": "first_impression",
        "channels": ["in_person"],
        "name": t("Entrance photo", "Kuva sisäänkäynnistä", "Fénykép a bejáratról"),
        "item": {
            "type": "photo",
            "min_photos": 1,
            "weight": 0,
            "text": t(
                "Photograph the entrance and its signage",
                "Kuvaa sisäänkäynti ja sen opasteet",
                "Fényképezze le a bejáratot és a feliratokat",
            ),
        },
    },
    # Opening an outbound contact
    {
        "key": "introduced_self_and_reason",
        "step": "open_contact",
        "name": t(
            "Introduction and reason",
            "Esittäytyminen ja syy",
            "Bemutatkozás és a megkeresés oka",
        ),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "Staff said who they were, on whose behalf, and why they contacted you",
                "Henkilökunta kertoi, kuka oli, keneltä ja miksi otti sinuun yhteyttä",
                "A munkatárs elmondta, ki ő, kinek a nevében és miért kereste meg Önt",
            ),
        },
        "norm": observed(
            "introduced_self_and_reason",
            t(
                "An outbound contact opens with who is calling and why.",
                "Yhteydenotto alkaa esittäytymisellä ja syyllä.",
                "A megkeresés bemutatkozással és az ok megnevezésével kezdődik.",
            ),
            "0.95",
            convention=True,
        ),
    },
    {
        "key": "asked_permission",
        "step": "open_contact",
        "channels": ["in_person", "phone"],
        "name": t("Permission asked", "Luvan kysyminen", "Engedélykérés"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff asked whether it was a good time to talk",
                "Henkilökunta kysyi, sopiiko puhua juuri nyt",
                "A munkatárs megkérdezte, alkalmas-e most beszélni",
            ),
        },
        "norm": observed(
            "asked_permission",
            t(
                "An outbound contact asks whether it suits the customer now.",
                "Yhteydenotossa kysytään, sopiiko se asiakkaalle nyt.",
                "A megkeresésnél megkérdezzük, most alkalmas-e az ügyfélnek.",
            ),
            "0.9",
            convention=True,
        ),
    },
    {
        "key": "referred_to_earlier_contact",
        "step": "refer_back",
        "name": t(
            "Earlier contact referred to",
            "Aiempaan viitattu",
            "Hivatkozás a korábbi kapcsolatra",
        ),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff referred to your earlier visit or purchase",
                "Henkilökunta viittasi aiempaan käyntiisi tai ostokseesi",
                "A munkatárs hivatkozott az Ön korábbi látogatására vagy vásárlására",
            ),
        },
        "norm": observed(
            "referred_to_earlier_contact",
            t(
                "A follow-up refers to the earlier contact or purchase.",
                "Jälkiseuranta viittaa aiempaan yhteydenottoon tai ostokseen.",
                "Az utókövetés hivatkozik a korábbi kapcsolatra vagy vásárlásra.",
            ),
            "0.9",
            convention=True,
        ),
    },
    # Waiting (inbound)
    {
        "key": "queue_present",
        "step": "wait_turn",
        "channels": SPOKEN,
        "name": t("Queue", "Jono", "Sor"),
        "item": {
            "type": "yes_no",
            "weight": 0,
            "text": t(
                "Was there a queue (or were you put on hold)?",
                "Oliko jonoa (tai jouduitko odottamaan linjalla)?",
                "Volt sor (vagy várakoztatták a vonalon)?",
            ),
        },
    },
    {
        "key": "waiting_seconds",
        "step": "wait_turn",
        "channels": SPOKEN,
        "name": t("Waiting time", "Odotusaika", "Várakozási idő"),
        "item": {
            "type": "duration",
            "condition": {"item": "queue_present", "op": "equals", "value": True},
            "text": t(
                "How long you waited before being served, in seconds",
                "Kuinka kauan odotit ennen palvelua, sekunteina",
                "Mennyit várt a kiszolgálásig, másodpercben",
            ),
        },
        "norm": convention_norm(
            "waited_at_most_5_min",
            t(
                "No customer waits more than five minutes.",
                "Kukaan asiakas ei odota yli viittä minuuttia.",
                "Egyetlen ügyfél sem vár öt percnél tovább.",
            ),
            source="Seed 000 asks for a fair wait in order of arrival; the five minutes and "
            "the ten-minute tail of partial credit are agency conventions.",
            measure="max_duration",
            threshold_seconds=300,
            display_unit="minutes",
            partial_credit_until_seconds=600,
            target_rate="0.8",
        ),
    },
    {
        "key": "served_in_order",
        "step": "wait_turn",
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
        "norm": observed(
            "served_in_arrival_order",
            t(
                "Customers are served in order of arrival.",
                "Asiakkaat palvellaan saapumisjärjestyksessä.",
                "Az ügyfeleket érkezési sorrendben szolgáljuk ki.",
            ),
            "1",
            source="Seed 000: customers are served in order of arrival (queue numbers).",
        ),
    },
    # Hearing a complaint
    {
        "key": "complaint_listened",
        "step": "hear_complaint",
        "name": t("Complaint heard out", "Reklamaatio kuunneltu", "A panasz meghallgatása"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "Staff heard your complaint out calmly and with interest, without interrupting",
                "Henkilökunta kuunteli reklamaatiosi loppuun rauhallisesti ja kiinnostuneesti "
                "keskeyttämättä",
                "A munkatárs nyugodtan, érdeklődéssel és félbeszakítás nélkül végighallgatta a "
                "panaszát",
            ),
        },
        "norm": observed(
            "complaint_heard_with_interest",
            t(
                "A complaint is heard out calmly and with interest.",
                "Reklamaatio kuunnellaan rauhallisesti ja kiinnostuneesti.",
                "A panaszt nyugodtan és érdeklődéssel hallgatjuk meg.",
            ),
            "1",
            source="Seed 002: meet complaints gently, keenly and with great interest.",
        ),
    },
    {
        "key": "complaint_attitude",
        "step": "hear_complaint",
        "name": t(
            "No contempt for the complaint",
            "Ei vähättelyä",
            "A panasz tiszteletben tartása",
        ),
        "item": {
            "type": "multiple_choice",
            "text": t(
                "How did staff respond to your complaint? Choose all that apply",
                "Miten henkilökunta suhtautui reklamaatioosi? Valitse kaikki sopivat",
                "Hogyan reagált a munkatárs a panaszára? Jelölje meg az összes illőt",
            ),
            "choices": [
                (
                    "none_of_these",
                    t(
                        "With respect: none of the below",
                        "Kunnioittavasti: ei mitään alla olevista",
                        "Tisztelettel: az alábbiak egyike sem",
                    ),
                    1,
                ),
                ("dismissive", t("Dismissively", "Penseästi", "Elutasítóan"), 0),
                ("arrogant", t("Arrogantly", "Ylimielisesti", "Fölényesen"), 0),
                ("belittling", t("Belittling it", "Vähätellen", "Lekicsinylően"), 0),
                ("uninterested", t("Without interest", "Välinpitämättömästi", "Érdektelenül"), 0),
            ],
        },
        "norm": observed(
            "complaint_without_contempt",
            t(
                "A complaint is never met dismissively, arrogantly, belittlingly or without "
                "interest.",
                "Reklamaatioon ei koskaan suhtauduta penseästi, ylimielisesti, vähätellen tai "
                "välinpitämättömästi.",
                "A panaszra soha nem reagálunk elutasítóan, fölényesen, lekicsinylően vagy "
                "érdektelenül.",
            ),
            "1",
            source="Seed 002: what drives complainers away for good.",
        ),
    },
    # Understanding a problem
    {
        "key": "problem_understood",
        "step": "understand_problem",
        "name": t("Problem understood", "Ongelma ymmärretty", "A probléma megértése"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "Staff found out what exactly your problem was, and what you had tried, before "
                "proposing a solution",
                "Henkilökunta selvitti, mikä ongelmasi tarkalleen oli ja mitä olit kokeillut, "
                "ennen kuin ehdotti ratkaisua",
                "A munkatárs kiderítette, pontosan mi a problémája és mit próbált már, mielőtt "
                "megoldást javasolt",
            ),
        },
        "norm": observed(
            "problem_understood_first",
            t(
                "A problem is understood before a solution is proposed.",
                "Ongelma ymmärretään ennen kuin ratkaisua ehdotetaan.",
                "A problémát megértjük, mielőtt megoldást javasolnánk.",
            ),
            "0.9",
            source="Seed 003: not just questions, the right ones; find practical solutions.",
        ),
    },
    {
        "key": "practical_solution",
        "step": "present_options",
        "situations": ["problem_solution"],
        "name": t("A practical solution", "Käytännöllinen ratkaisu", "Gyakorlati megoldás"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "The solution offered was practical and fitted your problem",
                "Tarjottu ratkaisu oli käytännöllinen ja sopi ongelmaasi",
                "A felkínált megoldás gyakorlatias volt, és illett a problémájához",
            ),
        },
        "norm": observed(
            "practical_solution_offered",
            t(
                "Staff offer a practical solution that fits the customer's problem.",
                "Henkilökunta tarjoaa asiakkaan ongelmaan sopivan käytännöllisen ratkaisun.",
                "A munkatárs az ügyfél problémájához illő, gyakorlati megoldást kínál.",
            ),
            "0.9",
            source="Seed 003: staff must find practical solutions.",
        ),
    },
    # Clarifying the needs
    {
        "key": "clarifying_questions",
        "step": "clarify_needs",
        "name": t("Clarifying questions", "Tarkentavat kysymykset", "Tisztázó kérdések"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "Staff asked clarifying questions about your needs before offering anything",
                "Henkilökunta esitti tarkentavia kysymyksiä tarpeistasi ennen kuin tarjosi mitään",
                "A munkatárs tisztázó kérdéseket tett fel az igényeiről, mielőtt bármit ajánlott",
            ),
        },
        "norm": observed(
            "asked_clarifying_questions",
            t(
                "Needs are clarified with questions before anything is offered.",
                "Tarpeet selvitetään kysymällä ennen kuin mitään tarjotaan.",
                "Az igényeket kérdésekkel tisztázzuk, mielőtt bármit ajánlanánk.",
            ),
            "0.9",
            source="Seed 000: staff cannot know the needs; clarifying questions are needed.",
        ),
    },
    {
        "key": "right_questions",
        "step": "clarify_needs",
        "name": t("The right questions", "Oikeat kysymykset", "A megfelelő kérdések"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "text": t(
                "How well the questions got at what you really needed (1-5)",
                "Kuinka hyvin kysymykset osuivat todelliseen tarpeeseesi (1-5)",
                "Mennyire találták el a kérdések az Ön valódi igényét (1-5)",
            ),
        },
    },
    {
        "key": "help_offered",
        "step": "clarify_needs",
        "situations": INBOUND_SITUATIONS,
        "channels": ["in_person"],
        "name": t("Help offered", "Avun tarjoaminen", "Segítség felajánlása"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "When you seemed to be looking for something, staff offered help",
                "Kun näytit etsivän jotain, henkilökunta tarjosi apua",
                "Amikor láthatóan keresett valamit, a munkatárs segítséget ajánlott",
            ),
        },
        "norm": observed(
            "offered_help_actively",
            t(
                "Staff actively offer help to a customer who seems to be looking for something.",
                "Henkilökunta tarjoaa aktiivisesti apua asiakkaalle, joka näyttää etsivän jotain.",
                "A munkatárs aktívan segítséget ajánl annak, aki láthatóan keres valamit.",
            ),
            "0.9",
            source="Seed 000: ask actively whether you can help.",
        ),
    },
    {
        "key": "stayed_available",
        "step": "clarify_needs",
        "situations": INBOUND_SITUATIONS,
        "channels": ["in_person"],
        "name": t("Available after a no", "Tavoitettavissa kiellon jälkeen", "Elérhető a nem után"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "When you declined help, staff stayed within reach in case you needed it later",
                "Kun kieltäydyit avusta, henkilökunta pysyi tavoitettavissa myöhempää tarvetta "
                "varten",
                "Amikor nem kért segítséget, a munkatárs elérhető közelségben maradt, ha később "
                "szüksége lenne rá",
            ),
        },
        "norm": observed(
            "stayed_available_after_no",
            t(
                "A customer who declines help finds staff still available when the need comes.",
                "Avusta kieltäytyvä asiakas löytää henkilökunnan, kun tarve tulee.",
                "Aki nem kér segítséget, később is elérhető munkatársat talál.",
            ),
            "0.9",
            source="Seed 003: even when the customer says no, staff stay available.",
        ),
    },
    {
        "key": "written_reply_concise",
        "step": "clarify_needs",
        "channels": ["email"],
        "name": t(
            "Concise, careful reply", "Ytimekäs ja huolellinen vastaus", "Tömör, gondos válasz"
        ),
        "item": {
            "type": "yes_no",
            "text": t(
                "The reply was concise and careful, and answered what you asked",
                "Vastaus oli ytimekäs ja huolellinen ja vastasi kysymykseesi",
                "A válasz tömör és gondos volt, és arra felelt, amit kérdezett",
            ),
        },
        "norm": observed(
            "written_reply_concise",
            t(
                "Written replies are concise and careful.",
                "Kirjalliset vastaukset ovat ytimekkäitä ja huolellisia.",
                "Az írásos válaszok tömörek és gondosak.",
            ),
            "0.9",
            source="Seed 003: letters and e-mails must be concise and careful.",
        ),
    },
    {
        "key": "chat_concise",
        "step": "clarify_needs",
        "channels": ["chat"],
        "name": t("Concise chat answers", "Ytimekkäät chat-vastaukset", "Tömör chatválaszok"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Answers in the chat were concise and to the point",
                "Chatin vastaukset olivat ytimekkäitä ja asiallisia",
                "A chatválaszok tömörek és lényegre törőek voltak",
            ),
        },
        "norm": observed(
            "chat_answers_concise",
            t(
                "In chat, questions are answered concisely.",
                "Chatissa kysymyksiin vastataan ytimekkäästi.",
                "Chatben tömören válaszolunk a kérdésekre.",
            ),
            "0.9",
            source="Seed 002: answer the customer's questions concisely in chat.",
        ),
    },
    {
        "key": "chat_open_question",
        "step": "clarify_needs",
        "channels": ["chat"],
        "name": t("Open question in chat", "Avoin kysymys chatissa", "Nyitott kérdés a chatben"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff asked an open question that kept the conversation going",
                "Henkilökunta esitti avoimen kysymyksen, joka piti keskustelua yllä",
                "A munkatárs nyitott kérdést tett fel, amely folytatta a beszélgetést",
            ),
        },
        "norm": observed(
            "chat_ends_with_open_question",
            t(
                "In chat, an answer is followed by an open question.",
                "Chatissa vastauksen jälkeen esitetään avoin kysymys.",
                "Chatben a válasz után nyitott kérdést teszünk fel.",
            ),
            "0.8",
            source="Seed 002: an open question keeps the chat going.",
        ),
    },
    # Presenting the options
    {
        "key": "product_knowledge",
        "step": "present_options",
        "name": t("Product knowledge", "Tuotetuntemus", "Termékismeret"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "Staff knew the products well enough to answer your questions",
                "Henkilökunta tunsi tuotteet niin hyvin, että osasi vastata kysymyksiisi",
                "A munkatárs elég jól ismerte a termékeket ahhoz, hogy válaszoljon a kérdéseire",
            ),
        },
        "norm": observed(
            "knows_the_products",
            t(
                "Staff know the products and services they sell.",
                "Henkilökunta tuntee myymänsä tuotteet ja palvelut.",
                "A munkatársak ismerik az általuk értékesített termékeket és szolgáltatásokat.",
            ),
            "0.9",
            source="Seed 002: the customer may know more than staff who do not keep learning.",
        ),
    },
    {
        "key": "benefits_over_features",
        "step": "present_options",
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
                "A munkatárs arról beszélt, mit nyújt Önnek a termék, nem jellemzőket vagy "
                "szakzsargont sorolt",
            ),
        },
        "norm": observed(
            "benefits_over_features",
            t(
                "Products are presented by their benefits to this customer, without jargon.",
                "Tuotteet esitellään asiakkaan saamina hyötyinä, ilman ammattislangia.",
                "A termékeket az ügyfél számára jelentett előnyeikkel mutatjuk be, zsargon nélkül.",
            ),
            "0.9",
            source="Seed 000: benefits rather than features; who understands the acronyms?",
        ),
    },
    {
        "key": "no_pushing",
        "step": "present_options",
        "name": t("No pushing", "Ei tyrkyttämistä", "Nincs erőltetés"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "You were left to choose for yourself; nothing was pushed on you",
                "Sait valita itse; mitään ei tyrkytetty",
                "Maga választhatott; semmit sem erőltettek Önre",
            ),
        },
        "norm": observed(
            "no_pushing",
            t(
                "Presenting never becomes pushing: the customer chooses.",
                "Esittely ei ole tyrkyttämistä: asiakas valitsee.",
                "A bemutatás soha nem erőszakos: az ügyfél választ.",
            ),
            "1",
            source="Seed 000: presenting must not be pushing; the customer chooses.",
        ),
    },
    {
        "key": "alternatives_offered",
        "step": "present_options",
        "name": t("Alternatives", "Vaihtoehdot", "Alternatívák"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "You were offered alternatives that met your criteria",
                "Sinulle tarjottiin kriteerisi täyttäviä vaihtoehtoja",
                "Az Ön szempontjainak megfelelő alternatívákat kínáltak",
            ),
        },
        "norm": observed(
            "alternatives_offered",
            t(
                "Alternatives that meet the customer's criteria are offered.",
                "Asiakkaalle tarjotaan hänen kriteerinsä täyttäviä vaihtoehtoja.",
                "Az ügyfél szempontjainak megfelelő alternatívákat kínálunk.",
            ),
            "0.8",
            source="Seed 000: offer alternatives that meet the customer's criteria.",
        ),
    },
    # Reaching a decision
    {
        "key": "helped_to_decide",
        "step": "reach_decision",
        "name": t("Help to decide", "Apu päätökseen", "Segítség a döntéshez"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff helped you come to a decision, without deciding for you",
                "Henkilökunta auttoi sinua päätökseen tekemättä päätöstä puolestasi",
                "A munkatárs segített döntésre jutni, anélkül hogy Ön helyett döntött volna",
            ),
        },
        "norm": observed(
            "helped_to_decide",
            t(
                "Staff help the customer decide; the decision is the customer's.",
                "Asiakasta autetaan päättämään; päätös on asiakkaan.",
                "Segítünk az ügyfélnek dönteni; a döntés az övé.",
            ),
            "0.9",
            source="Seed 000: help the customer decide.",
        ),
    },
    {
        "key": "terms_agreed",
        "step": "reach_decision",
        "name": t("Price and terms clear", "Hinta ja ehdot selvät", "Világos ár és feltételek"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "Price and terms (payment, delivery) were made clear and agreed",
                "Hinta ja ehdot (maksu, toimitus) kerrottiin selkeästi ja sovittiin",
                "Az árat és a feltételeket (fizetés, szállítás) világosan ismertették és "
                "rögzítették",
            ),
        },
        "norm": observed(
            "price_and_terms_agreed",
            t(
                "Price and terms are agreed clearly.",
                "Hinnasta ja ehdoista sovitaan selkeästi.",
                "Az árban és a feltételekben világosan megállapodunk.",
            ),
            "0.9",
            source="Seed 000: agree on price and payment terms.",
        ),
    },
    {
        "key": "no_accepted",
        "step": "reach_decision",
        "name": t("A no accepted", "Kieltävän päätöksen hyväksyminen", "A nem elfogadása"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "When you said no (or that you had not decided yet), it was accepted gracefully",
                "Kun sanoit ei (tai ettet ollut vielä päättänyt), se hyväksyttiin ystävällisesti",
                "Amikor nemet mondott (vagy azt, hogy még nem döntött), azt kedvesen elfogadták",
            ),
        },
        "norm": observed(
            "no_accepted_gracefully",
            t(
                "A customer's decision not to buy is accepted gracefully.",
                "Asiakkaan päätös olla ostamatta hyväksytään ystävällisesti.",
                "Az ügyfél nemleges döntését kedvesen elfogadjuk.",
            ),
            "1",
            source="Seed 000: staff must accept the customer's decision.",
        ),
    },
    {
        "key": "purchase_intent",
        "step": "reach_decision",
        "name": t("Would have bought", "Ostohalukkuus", "Vásárlási szándék"),
        "item": {
            "type": "single_choice",
            "weight": 0,
            "figure": "purchase",
            "text": t(
                "Had you been a real customer, would you have bought after this service?",
                "Jos olisit ollut oikea asiakas, olisitko ostanut tämän palvelun jälkeen?",
                "Ha valódi ügyfél lett volna, vásárolt volna e kiszolgálás után?",
            ),
            "choices": [
                ("would_buy", t("Yes", "Kyllä", "Igen")),
                (
                    "would_buy_but_complain",
                    t(
                        "Yes, but the service would have left me something to complain about",
                        "Kyllä, mutta palvelusta olisi jäänyt valitettavaa",
                        "Igen, de a kiszolgálás miatt panaszom lett volna",
                    ),
                ),
                (
                    "would_not_buy_service",
                    t(
                        "No, because of the service",
                        "En, palvelun takia",
                        "Nem, a kiszolgálás miatt",
                    ),
                ),
                (
                    "would_not_buy_other",
                    t(
                        "No, for another reason (price, range)",
                        "En, muusta syystä (hinta, valikoima)",
                        "Nem, más okból (ár, kínálat)",
                    ),
                ),
            ],
        },
    },
    # Resolving a complaint
    {
        "key": "complaint_taken_up",
        "step": "resolve_complaint",
        "name": t("Complaint taken up", "Reklamaatio otettu käsittelyyn", "A panasz felvétele"),
        "item": {
            "type": "yes_no",
            "critical": True,
            "weight": 3,
            "text": t(
                "Your complaint was taken up, not brushed off",
                "Reklamaatiosi otettiin käsittelyyn eikä sitä sivuutettu",
                "A panaszát felvették, nem hárították el",
            ),
        },
        "norm": observed(
            "complaint_never_unhandled",
            t(
                "A complaint is never left unhandled.",
                "Reklamaatiota ei koskaan jätetä hoitamatta.",
                "Panaszt soha nem hagyunk kezeletlenül.",
            ),
            "1",
            source="Seed 002: a complaint must never be left unhandled.",
        ),
    },
    {
        "key": "complaint_prompt_precise",
        "step": "resolve_complaint",
        "name": t("Prompt and precise", "Ripeästi ja täsmällisesti", "Gyorsan és pontosan"),
        "item": {
            "type": "yes_no",
            "weight": 2,
            "text": t(
                "It was handled promptly and precisely: you know what happens next, and when",
                "Se hoidettiin ripeästi ja täsmällisesti: tiedät, mitä tapahtuu seuraavaksi ja "
                "milloin",
                "Gyorsan és pontosan kezelték: tudja, mi történik ezután, és mikor",
            ),
        },
        "norm": observed(
            "complaint_handled_promptly",
            t(
                "A complaint is handled promptly and precisely, with the next step agreed.",
                "Reklamaatio hoidetaan ripeästi ja täsmällisesti, ja jatkosta sovitaan.",
                "A panaszt gyorsan és pontosan kezeljük, és megállapodunk a következő lépésben.",
            ),
            "0.95",
            source="Seed 002: handle complaints promptly, precisely and properly.",
        ),
    },
    {
        "key": "complaint_unjustified_handled",
        "step": "resolve_complaint",
        "name": t(
            "Handled though unjustified",
            "Hoidettu, vaikka aiheeton",
            "Kezelték, bár nem jogos",
        ),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "Though your complaint was not justified (as scripted), it was handled with the "
                "same care",
                "Vaikka reklamaatiosi ei ollut aiheellinen (käsikirjoituksen mukaan), se "
                "hoidettiin yhtä huolellisesti",
                "Bár a panasza nem volt jogos (a forgatókönyv szerint), ugyanolyan gondosan "
                "kezelték",
            ),
        },
        "norm": observed(
            "complaint_handled_even_unjustified",
            t(
                "A complaint is handled with care even when it is not justified (which need "
                "not mean compensation).",
                "Reklamaatio hoidetaan huolellisesti, vaikka se ei olisi aiheellinen (mikä ei "
                "välttämättä tarkoita hyvitystä).",
                "A panaszt akkor is gondosan kezeljük, ha nem jogos (ami nem feltétlenül "
                "jelent kártérítést).",
            ),
            "1",
            source="Seed 002: handle it even if you do not think it is a complaint.",
        ),
    },
    # Giving information
    {
        "key": "information_complete",
        "step": "give_information",
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
    # Farewell
    {
        "key": "smile_at_farewell",
        "step": "farewell",
        "channels": ["in_person"],
        "name": t("A smile", "Hymy", "Mosoly"),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff smiled as you left",
                "Henkilökunta hymyili, kun lähdit",
                "A munkatárs mosolygott, amikor távozott",
            ),
        },
        "norm": observed(
            "smile_at_farewell",
            t(
                "Customers leave with a friendly smile.",
                "Asiakas saatetaan ystävällisellä hymyllä.",
                "Az ügyfelet barátságos mosollyal búcsúztatjuk.",
            ),
            "0.9",
            source="Seed 000: a friendly smile makes a good last impression.",
        ),
    },
    {
        "key": "goodbye_in_full",
        "step": "farewell",
        "name": t(
            "Goodbye in full phrases",
            "Hyvästely kokonaisin ilmauksin",
            "Teljes mondatos elköszönés",
        ),
        "item": {
            "type": "yes_no",
            "text": t(
                "Staff said goodbye in full, unabbreviated phrases",
                "Henkilökunta hyvästeli täydellisin, lyhentämättömin ilmauksin",
                "A munkatárs teljes, rövidítés nélküli mondatokkal köszönt el",
            ),
        },
        "norm": observed(
            "goodbye_in_full_phrases",
            t(
                "Goodbyes are said in full, unabbreviated phrases.",
                "Hyvästellään täydellisin, lyhentämättömin ilmauksin.",
                "Teljes, rövidítés nélküli mondatokkal köszönünk el.",
            ),
            "0.9",
            source="Seed 000: full and unabbreviated phrases in the goodbye.",
        ),
    },
    {
        "key": "unhurried_farewell",
        "step": "farewell",
        "name": t("Unhurried farewell", "Kiireetön lopetus", "Kapkodás nélküli búcsú"),
        "item": {
            "type": "yes_no",
            "text": t(
                "You were not hurried away; the farewell took the time it needed",
                "Sinua ei hoputettu; lopetus sai viedä tarvitsemansa ajan",
                "Nem siettették; a búcsú annyi ideig tartott, amennyi kellett",
            ),
        },
        "norm": observed(
            "unhurried_farewell",
            t(
                "No customer is hurried away.",
                "Ketään asiakasta ei hoputeta lähtemään.",
                "Egyetlen ügyfelet sem siettetünk el.",
            ),
            "0.9",
            source="Seed 000 (and DOMAIN.md): an unhurried farewell.",
        ),
    },
    {
        "key": "mood_at_departure",
        "step": "farewell",
        "name": t("Mood at departure", "Mieliala lähtiessä", "Hangulat távozáskor"),
        "item": {
            "type": "scale",
            "min_value": 1,
            "max_value": 5,
            "weight": 0,
            "figure": "mood_at_departure",
            "text": _mood(
                t(
                    "How satisfied you felt as the contact ended",
                    "Kuinka tyytyväinen olit asioinnin päättyessä",
                    "Mennyire volt elégedett a kapcsolat végén",
                )
            ),
        },
    },
    {
        "key": "feedback_requested",
        "step": "ask_feedback",
        "name": t("Feedback requested", "Palautteen pyytäminen", "Visszajelzés kérése"),
        "item": {
            "type": "yes_no",
            "text": t(
                "You were asked for feedback (a question, a survey or a feedback box)",
                "Sinulta pyydettiin palautetta (kysymys, kysely tai palautelaatikko)",
                "Visszajelzést kértek Öntől (kérdés, kérdőív vagy véleményláda)",
            ),
        },
        "norm": observed(
            "feedback_requested",
            t(
                "Customers are asked for feedback before they leave.",
                "Asiakkailta pyydetään palautetta ennen kuin he lähtevät.",
                "Távozás előtt visszajelzést kérünk az ügyfelektől.",
            ),
            "0.8",
            source="Seed 000 and 003: ask for feedback (feedback boxes, surveys, questions).",
        ),
    },
    # Following through
    {
        "key": "follow_up_as_agreed",
        "step": "follow_through",
        "name": t("Follow-up as agreed", "Jatko sovitusti", "Megállapodás szerinti folytatás"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "What was promised afterwards (delivery, invoice) happened as agreed",
                "Luvattu jatko (toimitus, lasku) tapahtui sovitusti",
                "A megígért folytatás (szállítás, számla) a megállapodás szerint történt",
            ),
        },
        "norm": observed(
            "aftercare_as_agreed",
            t(
                "Delivery and invoicing happen as agreed.",
                "Toimitus ja laskutus hoidetaan sovitusti.",
                "A szállítás és a számlázás a megállapodás szerint történik.",
            ),
            "0.95",
            source="Seed 000: careful delivery, invoicing as agreed.",
        ),
    },
    {
        "key": "called_back_as_promised",
        "step": "follow_through",
        "channels": ["phone", "email", "chat"],
        "name": t(
            "Called back as promised", "Takaisinsoitto luvatusti", "Visszahívás ígéret szerint"
        ),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "Staff got back to you when they promised",
                "Henkilökunta otti yhteyttä luvattuna aikana",
                "A munkatárs az ígért időben jelentkezett",
            ),
        },
        "norm": observed(
            "called_back_when_promised",
            t(
                "A promised call-back comes when promised.",
                "Luvattu takaisinsoitto tulee luvattuna aikana.",
                "Az ígért visszahívás az ígért időben megtörténik.",
            ),
            "0.95",
            source="Seed 001: never promise what you do not carry through.",
        ),
    },
    {
        "key": "contact_documented",
        "step": "follow_through",
        "channels": ["phone"],
        "name": t("Contact documented", "Yhteydenotto kirjattu", "A hívás dokumentálása"),
        "item": {
            "type": "yes_no",
            "allow_na": True,
            "text": t(
                "You were given a reference (a case number, or the name of who helped you)",
                "Sait viitteen (asianumeron tai auttajan nimen)",
                "Kapott hivatkozást (ügyszámot vagy a segítő nevét)",
            ),
        },
        "norm": observed(
            "phone_contact_documented",
            t(
                "Every phone contact is documented, and the customer can refer to it.",
                "Jokainen puhelinkontakti dokumentoidaan, ja asiakas voi viitata siihen.",
                "Minden telefonos kapcsolatot dokumentálunk, és az ügyfél hivatkozhat rá.",
            ),
            "0.9",
            source="Seed 003: staff on the phone document every interaction.",
        ),
    },
    # The relationship
    {
        "key": "loyalty",
        "step": "relationship",
        "name": t("Loyalty", "Asiakasuskollisuus", "Hűség"),
        "item": {
            "type": "single_choice",
            "measures_loyalty": True,
            "weight": 0,
            "text": t(
                "After this visit, which describes you best?",
                "Mikä kuvaa sinua parhaiten tämän käynnin jälkeen?",
                "A látogatás után melyik jellemzi Önt a legjobban?",
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
        "step": "relationship",
        "name": t("Overall comment", "Yleiskommentti", "Általános megjegyzés"),
        "item": {
            "type": "text",
            "required": False,
            "weight": 0,
            "text": t(
                "Anything else the commissioning client should know about this visit",
                "Muuta, mitä toimeksiantajan tulisi tietää tästä käynnistä",
                "Bármi más, amit a megbízónak tudnia kell erről a látogatásról",
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
