/** Every text of the app in Dutch (the default), French and English. */

export const LOCALES = ["nl", "fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const nl = {
  appName: "Thuisenergie",
  language: "Taal",
  connect: {
    title: "P1-poort van je digitale meter",
    intro:
      "Steek een P1-kabel in de meter en in deze computer, en kies hieronder de seriële poort.",
    button: "Verbind met de meter",
    demo: "Demo zonder meter",
    stop: "Verbreek",
    speed: "Snelheid",
    speedModern: "115200 baud, 8N1 (DSMR 4/5, alle Belgische meters)",
    speedLegacy: "9600 baud, 7E1 (oude DSMR 2.2/3.0-meters)",
    remembered: "Eerder gekozen poort opnieuw verbinden",
    status: {
      idle: "Niet verbonden.",
      connecting: "Verbinden…",
      connected: "Verbonden met de meter.",
      demo: "Demo: een gesimuleerd gezin met zonnepanelen en een elektrische wagen.",
      reconnecting: "Kabel losgekoppeld. We verbinden opnieuw zodra hij terug is.",
      error: "Verbinden lukte niet: {reason}",
      cancelled: "Geen poort gekozen.",
    },
    noSerial:
      "Deze browser kan geen seriële poort lezen (Web Serial). Dat lukt in Chrome of Edge op een computer. Op Firefox, Safari en de meeste telefoons niet: gebruik daar de gateway, of probeer de demo.",
    polyfill:
      "Deze browser heeft geen Web Serial, maar wel WebUSB: alleen P1-dongels met een eigen USB-chip (ESP32-S2/S3) werken zo, gewone FTDI- of PL2303-kabels niet.",
  },
  trouble: {
    title: "Er komt nog niets binnen",
    garbledTitle: "Er komen gegevens binnen, maar geen geldige telegrammen",
    stalledTitle: "De meter stuurt niets meer",
    portClosed:
      "De P1-poort staat standaard dicht. Open hem in Mijn Fluvius (Mijn meters › Poorten beheren); het kan tot 48 uur duren voor hij open is.",
    noPower:
      "Nieuwere meters (Sagemcom XS212, XT211) leveren geen stroom aan een dongel via de P1-poort: gebruik een dongel met eigen voeding of USB-voeding.",
    cable:
      "Controleer de kabel: een P1-kabel met RJ12-stekker en geïnverteerde datalijn. Een gewone seriële kabel werkt niet.",
    speed:
      "Controleer de snelheid: Belgische en recente Nederlandse meters gebruiken 115200 baud 8N1, oude meters 9600 baud 7E1.",
    counters: "Wat de verbinding tot nu toe zag",
  },
  dashboard: {
    netPower: "Nettovermogen",
    importing: "Afname van het net",
    exporting: "Injectie in het net",
    balanced: "In evenwicht",
    tariff: "Tarief: {name}",
    tariffNames: { day: "Dag", night: "Nacht", low: "Laag", normal: "Normaal" },
    registers: "Meterstanden",
    importRegister: "Afname {tariff}",
    exportRegister: "Injectie {tariff}",
    phases: "Drie fasen",
    phase: "Fase",
    voltage: "Spanning",
    current: "Stroom",
    powerImport: "Afname",
    powerExport: "Injectie",
    capacity: "Capaciteitstarief",
    quarterNow: "Lopend kwartier, gemiddelde tot nu",
    quarterProjected: "Verwacht einde van dit kwartier",
    quarterLeft: "nog {time}",
    monthPeak: "Hoogste kwartier deze maand",
    monthPeakAt: "op {when}",
    aboveMonthPeak: "Dit kwartier wordt hoger dan je maandpiek.",
    peakHistory: "Maandpieken (laatste 13 maanden)",
    gas: "Gas",
    water: "Water",
    heat: "Warmte",
    measuredAt: "gemeten {when}",
    meter: "Meter",
    meterId: "Meter-ID",
    version: "Protocolversie",
    meterTime: "Tijd van de meter",
    link: "Verbinding",
    telegramsPerSecond: "Telegrammen per seconde",
    crcErrors: "CRC-fouten",
    lastTelegram: "Laatste telegram",
    secondsAgo: "{n} s geleden",
    bytesReceived: "Bytes ontvangen",
    bytesDiscarded: "Bytes genegeerd",
    waiting: "Wachten op het eerste telegram…",
  },
  pwa: {
    offlineReady: "De app werkt nu ook offline.",
    updateReady: "Er is een nieuwe versie.",
    reload: "Herladen",
    dismiss: "Sluiten",
  },
};

export type Messages = typeof nl;

const fr: Messages = {
  appName: "Énergie à la maison",
  language: "Langue",
  connect: {
    title: "Port P1 de votre compteur numérique",
    intro:
      "Branchez un câble P1 sur le compteur et sur cet ordinateur, puis choisissez le port série ci-dessous.",
    button: "Connecter le compteur",
    demo: "Démo sans compteur",
    stop: "Déconnecter",
    speed: "Vitesse",
    speedModern: "115200 bauds, 8N1 (DSMR 4/5, tous les compteurs belges)",
    speedLegacy: "9600 bauds, 7E1 (anciens compteurs DSMR 2.2/3.0)",
    remembered: "Reconnecter le port choisi précédemment",
    status: {
      idle: "Non connecté.",
      connecting: "Connexion…",
      connected: "Connecté au compteur.",
      demo: "Démo : un ménage simulé avec panneaux solaires et voiture électrique.",
      reconnecting: "Câble débranché. Reconnexion dès son retour.",
      error: "La connexion a échoué : {reason}",
      cancelled: "Aucun port choisi.",
    },
    noSerial:
      "Ce navigateur ne peut pas lire un port série (Web Serial). Cela fonctionne dans Chrome ou Edge sur ordinateur, pas dans Firefox, Safari ni sur la plupart des téléphones : utilisez alors la passerelle, ou essayez la démo.",
    polyfill:
      "Ce navigateur n'a pas Web Serial mais a WebUSB : seuls les dongles P1 avec leur propre puce USB (ESP32-S2/S3) fonctionnent ainsi, pas les câbles FTDI ou PL2303.",
  },
  trouble: {
    title: "Rien n'arrive encore",
    garbledTitle: "Des données arrivent, mais aucun télégramme valide",
    stalledTitle: "Le compteur n'envoie plus rien",
    portClosed:
      "Le port P1 est fermé par défaut. Ouvrez-le dans Mon Fluvius (Mes compteurs › Gérer les ports) ; l'ouverture peut prendre jusqu'à 48 heures.",
    noPower:
      "Les compteurs récents (Sagemcom XS212, XT211) n'alimentent pas un dongle via le port P1 : utilisez un dongle avec sa propre alimentation ou alimenté par USB.",
    cable:
      "Vérifiez le câble : un câble P1 avec fiche RJ12 et ligne de données inversée. Un câble série ordinaire ne fonctionne pas.",
    speed:
      "Vérifiez la vitesse : les compteurs belges et néerlandais récents utilisent 115200 bauds 8N1, les anciens 9600 bauds 7E1.",
    counters: "Ce que la connexion a vu jusqu'ici",
  },
  dashboard: {
    netPower: "Puissance nette",
    importing: "Prélèvement du réseau",
    exporting: "Injection dans le réseau",
    balanced: "À l'équilibre",
    tariff: "Tarif : {name}",
    tariffNames: { day: "Jour", night: "Nuit", low: "Bas", normal: "Normal" },
    registers: "Index du compteur",
    importRegister: "Prélèvement {tariff}",
    exportRegister: "Injection {tariff}",
    phases: "Trois phases",
    phase: "Phase",
    voltage: "Tension",
    current: "Courant",
    powerImport: "Prélèvement",
    powerExport: "Injection",
    capacity: "Tarif capacitaire",
    quarterNow: "Quart d'heure en cours, moyenne jusqu'ici",
    quarterProjected: "Fin prévue de ce quart d'heure",
    quarterLeft: "encore {time}",
    monthPeak: "Quart d'heure le plus élevé ce mois-ci",
    monthPeakAt: "le {when}",
    aboveMonthPeak: "Ce quart d'heure dépassera votre pointe du mois.",
    peakHistory: "Pointes mensuelles (13 derniers mois)",
    gas: "Gaz",
    water: "Eau",
    heat: "Chaleur",
    measuredAt: "mesuré {when}",
    meter: "Compteur",
    meterId: "ID du compteur",
    version: "Version du protocole",
    meterTime: "Heure du compteur",
    link: "Connexion",
    telegramsPerSecond: "Télégrammes par seconde",
    crcErrors: "Erreurs CRC",
    lastTelegram: "Dernier télégramme",
    secondsAgo: "il y a {n} s",
    bytesReceived: "Octets reçus",
    bytesDiscarded: "Octets ignorés",
    waiting: "En attente du premier télégramme…",
  },
  pwa: {
    offlineReady: "L'application fonctionne maintenant hors ligne.",
    updateReady: "Une nouvelle version est disponible.",
    reload: "Recharger",
    dismiss: "Fermer",
  },
};

const en: Messages = {
  appName: "Home Energy",
  language: "Language",
  connect: {
    title: "Your digital meter's P1 port",
    intro:
      "Plug a P1 cable into the meter and into this computer, then choose the serial port below.",
    button: "Connect to the meter",
    demo: "Demo without a meter",
    stop: "Disconnect",
    speed: "Speed",
    speedModern: "115200 baud, 8N1 (DSMR 4/5, every Belgian meter)",
    speedLegacy: "9600 baud, 7E1 (old DSMR 2.2/3.0 meters)",
    remembered: "Reconnect the port chosen before",
    status: {
      idle: "Not connected.",
      connecting: "Connecting…",
      connected: "Connected to the meter.",
      demo: "Demo: a simulated household with solar panels and an electric car.",
      reconnecting: "Cable unplugged. We reconnect as soon as it is back.",
      error: "Could not connect: {reason}",
      cancelled: "No port chosen.",
    },
    noSerial:
      "This browser cannot read a serial port (Web Serial). Chrome or Edge on a computer can; Firefox, Safari and most phones cannot: use the gateway there, or try the demo.",
    polyfill:
      "This browser has no Web Serial but has WebUSB: only P1 dongles with their own USB chip (ESP32-S2/S3) work this way, not FTDI or PL2303 cables.",
  },
  trouble: {
    title: "Nothing has arrived yet",
    garbledTitle: "Data arrives, but no valid telegrams",
    stalledTitle: "The meter stopped sending",
    portClosed:
      "The P1 port is closed by default. Open it in Mijn Fluvius (My meters › Manage ports); it can take up to 48 hours to open.",
    noPower:
      "Newer meters (Sagemcom XS212, XT211) do not power a dongle through the P1 port: use a dongle with its own or USB power.",
    cable:
      "Check the cable: a P1 cable with an RJ12 plug and an inverted data line. A plain serial cable does not work.",
    speed:
      "Check the speed: Belgian and recent Dutch meters use 115200 baud 8N1, old meters 9600 baud 7E1.",
    counters: "What the link has seen so far",
  },
  dashboard: {
    netPower: "Net power",
    importing: "Taking from the grid",
    exporting: "Feeding into the grid",
    balanced: "Balanced",
    tariff: "Tariff: {name}",
    tariffNames: { day: "Day", night: "Night", low: "Low", normal: "Normal" },
    registers: "Meter readings",
    importRegister: "Import {tariff}",
    exportRegister: "Export {tariff}",
    phases: "Three phases",
    phase: "Phase",
    voltage: "Voltage",
    current: "Current",
    powerImport: "Import",
    powerExport: "Export",
    capacity: "Capacity tariff",
    quarterNow: "Running quarter-hour, average so far",
    quarterProjected: "Expected end of this quarter-hour",
    quarterLeft: "{time} left",
    monthPeak: "Highest quarter-hour this month",
    monthPeakAt: "on {when}",
    aboveMonthPeak: "This quarter-hour will exceed your month's peak.",
    peakHistory: "Monthly peaks (last 13 months)",
    gas: "Gas",
    water: "Water",
    heat: "Heat",
    measuredAt: "measured {when}",
    meter: "Meter",
    meterId: "Meter ID",
    version: "Protocol version",
    meterTime: "Meter time",
    link: "Link",
    telegramsPerSecond: "Telegrams per second",
    crcErrors: "CRC errors",
    lastTelegram: "Last telegram",
    secondsAgo: "{n} s ago",
    bytesReceived: "Bytes received",
    bytesDiscarded: "Bytes discarded",
    waiting: "Waiting for the first telegram…",
  },
  pwa: {
    offlineReady: "The app now works offline too.",
    updateReady: "A new version is available.",
    reload: "Reload",
    dismiss: "Close",
  },
};

export const MESSAGES: Record<Locale, Messages> = { nl, fr, en };

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The locale to start in: a saved choice, else Dutch. */
export function initialLocale(saved: string | null): Locale {
  return (LOCALES as readonly string[]).includes(saved ?? "") ? saved as Locale : "nl";
}
