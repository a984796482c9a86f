"""Static reference data for the demo: volumes per region at scale 1, places, organisation and firm
names, title patterns and the weights the generator draws from. No code, no database."""

# Tavoli per region at scale 1 (≈ the first edition's 94+ tavoli); works, events and reports follow.
TAVOLI_PER_REGIONE = {
    "01": 7, "02": 2, "03": 12, "04": 3, "05": 8, "06": 4, "07": 4, "08": 8, "09": 7, "10": 3,
    "11": 5, "12": 7, "13": 4, "14": 2, "15": 7, "16": 6, "17": 2, "18": 5, "19": 7, "20": 5,
}  # fmt: skip
TOTALE_TAVOLI = sum(TAVOLI_PER_REGIONE.values())
OPERE_SCALA_1 = 516
EVENTI_SCALA_1 = 150
REPORT_PER_REGIONE = 2

CAPOLUOGHI_DI_REGIONE = {
    "01": "TO", "02": "AO", "03": "MI", "04": "TN", "05": "VE", "06": "TS", "07": "GE", "08": "BO", "09": "FI",
    "10": "PG", "11": "AN", "12": "RM", "13": "AQ", "14": "CB", "15": "NA", "16": "BA", "17": "PZ", "18": "CZ",
    "19": "PA", "20": "CA",
}  # fmt: skip
# Province (UTS) whose name is not the name of its chief town.
CAPOLUOGHI = {
    "AO": "Aosta", "VB": "Verbania", "MB": "Monza", "BZ": "Bolzano", "RE": "Reggio Emilia", "FC": "Forlì",
    "MS": "Massa", "PU": "Pesaro", "BT": "Barletta", "OT": "Olbia", "OG": "Tortolì", "VS": "Sanluri",
    "SU": "Carbonia",
}  # fmt: skip
LOCALITA = {
    "01": ["Ivrea", "Pinerolo", "Alba", "Casale Monferrato"],
    "02": ["Courmayeur", "Pont-Saint-Martin", "Châtillon", "Saint-Vincent"],
    "03": ["Busto Arsizio", "Seregno", "Legnano", "Crema"],
    "04": ["Merano", "Bressanone", "Rovereto", "Riva del Garda"],
    "05": ["Bassano del Grappa", "Castelfranco Veneto", "Chioggia", "San Donà di Piave"],
    "06": ["Monfalcone", "Cervignano del Friuli", "Tolmezzo", "Codroipo"],
    "07": ["Chiavari", "Sanremo", "Albenga", "Sarzana"],
    "08": ["Carpi", "Imola", "Faenza", "Cesena"],
    "09": ["Empoli", "Piombino", "Viareggio", "Poggibonsi"],
    "10": ["Foligno", "Città di Castello", "Spoleto", "Orvieto"],
    "11": ["Jesi", "Civitanova Marche", "Fano", "San Benedetto del Tronto"],
    "12": ["Civitavecchia", "Fiumicino", "Cassino", "Pomezia"],
    "13": ["Avezzano", "Sulmona", "Vasto", "Lanciano"],
    "14": ["Termoli", "Venafro", "Bojano", "Larino"],
    "15": ["Nola", "Marcianise", "Pozzuoli", "Battipaglia"],
    "16": ["Altamura", "Molfetta", "Monopoli", "Cerignola"],
    "17": ["Melfi", "Policoro", "Lauria", "Pisticci"],
    "18": ["Gioia Tauro", "Lamezia Terme", "Rossano", "Sibari"],
    "19": ["Augusta", "Gela", "Marsala", "Termini Imerese"],
    "20": ["Olbia", "Porto Torres", "Alghero", "Iglesias"],
}
PORTI = {
    "05": ["Venezia", "Chioggia"], "06": ["Trieste", "Monfalcone"], "07": ["Genova", "Savona", "La Spezia"],
    "08": ["Ravenna"], "09": ["Livorno", "Piombino", "Marina di Carrara"], "11": ["Ancona"],
    "12": ["Civitavecchia", "Gaeta"], "13": ["Ortona", "Pescara"], "14": ["Termoli"], "15": ["Napoli", "Salerno"],
    "16": ["Bari", "Brindisi", "Taranto"], "18": ["Gioia Tauro", "Reggio Calabria", "Crotone"],
    "19": ["Palermo", "Catania", "Augusta", "Messina"], "20": ["Cagliari", "Olbia", "Porto Torres"],
}  # fmt: skip
AUTORITA_PORTUALI = {
    "05": ["Autorità di sistema portuale del Mare Adriatico settentrionale"],
    "06": ["Autorità di sistema portuale del Mare Adriatico orientale"],
    "07": ["Autorità di sistema portuale del Mar Ligure occidentale", "Autorità di sistema portuale del Mar Ligure orientale"],
    "08": ["Autorità di sistema portuale del Mare Adriatico centro-settentrionale"],
    "09": ["Autorità di sistema portuale del Mar Tirreno settentrionale", "Autorità di sistema portuale del Mar Ligure orientale"],
    "11": ["Autorità di sistema portuale del Mare Adriatico centrale"],
    "12": ["Autorità di sistema portuale del Mar Tirreno centro-settentrionale"],
    "13": ["Autorità di sistema portuale del Mare Adriatico centrale"],
    "15": ["Autorità di sistema portuale del Mar Tirreno centrale"],
    "16": ["Autorità di sistema portuale del Mare Adriatico meridionale", "Autorità di sistema portuale del Mar Ionio"],
    "18": ["Autorità di sistema portuale dei Mari Tirreno meridionale e Ionio", "Autorità di sistema portuale dello Stretto"],
    "19": ["Autorità di sistema portuale del Mare di Sicilia occidentale", "Autorità di sistema portuale del Mare di Sicilia orientale",
        "Autorità di sistema portuale dello Stretto"],
    "20": ["Autorità di sistema portuale del Mare di Sardegna"],
}  # fmt: skip
AEROPORTI = {
    "01": ["Torino", "Cuneo"], "02": ["Aosta"], "03": ["Milano Malpensa", "Milano Linate", "Bergamo Orio al Serio", "Brescia Montichiari"],
    "04": ["Bolzano"], "05": ["Venezia", "Verona", "Treviso"], "06": ["Trieste"], "07": ["Genova"],
    "08": ["Bologna", "Rimini", "Parma", "Forlì"], "09": ["Firenze", "Pisa"], "10": ["Perugia"], "11": ["Ancona"],
    "12": ["Roma Fiumicino", "Roma Ciampino"], "13": ["Pescara"], "15": ["Napoli", "Salerno"],
    "16": ["Bari", "Brindisi", "Foggia", "Taranto-Grottaglie"], "18": ["Lamezia Terme", "Reggio Calabria", "Crotone"],
    "19": ["Palermo", "Catania", "Trapani", "Comiso"], "20": ["Cagliari", "Olbia", "Alghero"],
}  # fmt: skip
# Regions on the Po and the Venetian lagoon: their "port" works are inland waterways.
REGIONI_IDROVIE = {"01", "03", "05", "08"}
REGIONI_STATUTO_SPECIALE = {
    "02": "Regione autonoma Valle d'Aosta", "04": "Regione autonoma Trentino-Alto Adige",
    "06": "Regione autonoma Friuli Venezia Giulia", "19": "Regione Siciliana", "20": "Regione autonoma della Sardegna",
}  # fmt: skip

GESTORI_NAZIONALI = [
    "RFI — Rete Ferroviaria Italiana", "ANAS", "Autostrade per l'Italia", "Ferrovie dello Stato Italiane",
    "Trenitalia", "Mercitalia Logistics", "Italferr", "Terna", "Snam", "Open Fiber", "Infratel Italia", "TIM",
    "ENAC — Ente nazionale per l'aviazione civile", "ENAV",
]  # fmt: skip
ASSOCIAZIONI_REGIONALI = [
    "Confindustria {r}", "Confcommercio {r}", "Confartigianato Imprese {r}", "CNA {r}", "Confesercenti {r}",
    "Coldiretti {r}", "Confagricoltura {r}", "Legacoop {r}", "Confcooperative {r}", "ANCE {r}",
    "Federmanager {r}", "Confapi {r}",
]  # fmt: skip
# Per province: (pattern, category); {c} is the chief town, {p} the province.
ORGANIZZAZIONI_PROVINCIALI = [
    ("Comune di {c}", "istituzioni"),
    ("Provincia di {p}", "istituzioni"),
    ("Confcommercio {p}", "associazioni"),
    ("Confartigianato {p}", "associazioni"),
    ("CNA {p}", "associazioni"),
    ("Confesercenti {p}", "associazioni"),
    ("ANCE {p}", "associazioni"),
    ("Confindustria {p}", "associazioni"),
    ("Coldiretti {p}", "associazioni"),
    ("Ordine degli ingegneri della provincia di {p}", "esperti"),
    ("Ordine degli architetti PPC della provincia di {p}", "esperti"),
    ("Collegio dei geometri di {p}", "esperti"),
    ("Ordine dei dottori commercialisti di {p}", "esperti"),
    ("Associazione autotrasportatori di {p}", "associazioni"),
]

COGNOMI = [nome.replace("_", " ") for nome in (
    "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca "
    "Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso "
    "Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De_Santis "
    "D'Angelo Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina "
    "Sala De_Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri "
    "Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari Guerra "
    "Palmieri Bernardi Martino Fiore De_Rosa Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia "
    "Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino D'Amico Orlando Negri"
).split()]
SETTORI = [
    "Trasporti", "Logistica", "Autotrasporti", "Spedizioni", "Costruzioni", "Meccanica", "Acciai", "Impianti",
    "Agroalimentare", "Ceramiche", "Tessile", "Plastica", "Packaging", "Elettronica", "Chimica", "Farmaceutica",
    "Legno e Arredo", "Vetro", "Cementi", "Servizi Portuali", "Terminal", "Distribuzione", "Intermodale",
    "Energia", "Telecomunicazioni", "Ingegneria", "Carpenterie", "Calcestruzzi", "Frigo Logistica", "Movimento Terra",
    "Vini", "Caseificio", "Oleificio", "Pastificio", "Automazione", "Cartiere", "Fonderie", "Gomma", "Marmi", "Tubi",
]  # fmt: skip
FORME = ["S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "Società cooperativa"]

TEMI_TAVOLO = [
    "sulla logistica", "sull'accessibilità stradale", "sul trasporto ferroviario delle merci", "sull'intermodalità",
    "sul trasporto aereo", "sulle infrastrutture digitali", "sulle infrastrutture energetiche",
    "sulla mobilità sostenibile", "sulle opere prioritarie del territorio", "sull'accessibilità turistica",
    "sulla portualità", "sui collegamenti con i corridoi europei TEN-T",
]  # fmt: skip
LUOGHI_TAVOLO = [
    "Sala consiliare della Camera di commercio di {c}", "Sede di Confindustria {p}", "Palazzo della Provincia di {p}",
    "Sala conferenze del Comune di {c}", "Centro congressi di {c}",
]  # fmt: skip

MODALITA_OPERE = [  # (mode, weight %): mostly roads and railways, plus a few digital and energy works
    ("stradale", 44), ("ferroviaria", 33), ("portuale", 6), ("interportuale", 6), ("aeroportuale", 5),
    ("idroviaria", 1.2), ("ciclabile", 2), ("altro", 0.8), ("digitale", 1.2), ("energetica", 0.8),
]  # fmt: skip
# Median cost (€) per mode; costs are log-normal around it, clipped to 1 M€ .. 5 bn€.
COSTO_MEDIANO = {
    "stradale": 75e6, "ferroviaria": 420e6, "portuale": 120e6, "interportuale": 45e6, "aeroportuale": 80e6,
    "idroviaria": 30e6, "ciclabile": 8e6, "altro": 3e6, "digitale": 20e6, "energetica": 90e6,
}  # fmt: skip
TITOLI_OPERE = {
    "stradale": [
        "Adeguamento della strada statale {ss} tra {a} e {b}", "Variante di {a} alla strada statale {ss}",
        "Completamento della tangenziale di {a}", "Terza corsia dell'autostrada A{au} nel tratto {a}–{b}",
        "Nuovo svincolo autostradale di {a}", "Messa in sicurezza della strada provinciale {sp} {a}–{b}",
        "Collegamento stradale veloce {a}–{b}", "Nuovo ponte stradale e viabilità di accesso di {a}",
    ],
    "ferroviaria": [
        "Raddoppio della linea ferroviaria {a}–{b}", "Elettrificazione della linea ferroviaria {a}–{b}",
        "Potenziamento del nodo ferroviario di {a}", "Velocizzazione della linea {a}–{b}",
        "Adeguamento a modulo 750 m e sagoma P/C80 della linea {a}–{b}", "Nuovo scalo merci ferroviario di {a}",
        "Nuova fermata ferroviaria di {a}",
    ],
    "portuale": [
        "Nuova diga foranea del porto di {porto}", "Dragaggio dei fondali del porto di {porto}",
        "Ultimo miglio ferroviario del porto di {porto}", "Potenziamento del terminal container del porto di {porto}",
        "Elettrificazione delle banchine (cold ironing) del porto di {porto}",
    ],
    "interportuale": [
        "Potenziamento dell'interporto di {a}", "Nuovo terminal intermodale di {a}",
        "Raccordo ferroviario della piattaforma logistica di {a}", "Centro logistico e area retroportuale di {a}",
    ],
    "aeroportuale": [
        "Ampliamento del terminal passeggeri dell'aeroporto di {aeroporto}",
        "Riqualifica della pista di volo dell'aeroporto di {aeroporto}",
        "Nuova area cargo dell'aeroporto di {aeroporto}", "Accessibilità su ferro all'aeroporto di {aeroporto}",
    ],
    "idroviaria": ["Sistema idroviario padano-veneto: banchina fluviale di {a}", "Navigabilità del Po nel tratto di {a}"],
    "ciclabile": ["Ciclovia turistica {a}–{b}", "Rete ciclabile urbana di {a}", "Ciclovia lungo la ferrovia dismessa {a}–{b}"],
    "digitale": [
        "Copertura in banda ultralarga delle aree produttive di {a}", "Rete 5G per il distretto industriale di {a}",
        "Fibra ottica per le imprese delle aree interne di {a}",
    ],
    "energetica": [
        "Elettrodotto {a}–{b}", "Comunità energetica dell'area industriale di {a}",
        "Impianto di produzione di idrogeno verde nell'area di {a}",
    ],
    "altro": [
        "Piattaforma regionale per la governance della logistica", "Sportello unico doganale e dei controlli di {a}",
        "Osservatorio territoriale delle infrastrutture di {a}",
    ],
}
FONTI = {
    "stradale": ["Contratto di programma ANAS", "Fondi regionali", "Fondo per lo sviluppo e la coesione", "Concessionario autostradale"],
    "ferroviaria": ["Contratto di programma RFI", "Fondo per lo sviluppo e la coesione", "CEF — Connecting Europe Facility"],
    "portuale": ["Fondi dell'Autorità di sistema portuale", "Fondo complementare al PNRR", "CEF — Connecting Europe Facility"],
}  # fmt: skip
FONTI_ALTRE = ["Fondi regionali", "Project financing", "Fondo per lo sviluppo e la coesione", "Da reperire"]
FONTE_PNRR = {"digitale": "PNRR — Missione 1", "energetica": "PNRR — Missione 2"}

# Event kinds per phase: (type, weight, title pattern, themes).
EVENTI_FASE_3 = [
    ("incontro_bul_5g", 50, "Incontro n. {n}: banda ultralarga e 5G per le PMI — {c}", ["bul", "5g"]),
    ("seminario", 20, "Seminario n. {n}: i cantieri BUL e il piano Italia 5G — {c}", ["bul", "5g", "digitale"]),
    ("webinar", 20, "Webinar n. {n}: voucher connettività e servizi digitali per le imprese", ["bul", "digitale"]),
    ("workshop", 10, "Workshop n. {n}: la trasformazione digitale delle filiere — {c}", ["digitale", "5g"]),
]
EVENTI_FASE_4 = [
    ("tappa_roadshow", 75, "Roadshow camerale, tappa n. {n} — {c}", ["trasporti", "logistica"]),
    ("convegno", 25, "Convegno n. {n}: infrastrutture e competitività del territorio — {c}", ["trasporti", "logistica", "energia"]),
]  # fmt: skip
TEMI_REPORT = [
    "accessibilità e logistica", "il trasporto merci su ferro", "porti e retroporti", "la domanda di mobilità delle imprese",
    "lo stato di avanzamento delle opere prioritarie", "la connettività digitale delle aree produttive",
]  # fmt: skip
