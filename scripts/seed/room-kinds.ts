import { RoomFeature } from '../../src/rooms/room.entity';

/**
 * The kinds of room a venue in the city lends out, with what such a room usually has. The
 * hand-written demo and the generated catalogue both draw from here, so that a generated
 * room reads like a real one (and a search for "Küche" finds the rooms that have one).
 */
export interface RoomKind {
  names: string[];
  /** German, as a venue would describe the room; one is chosen per room. */
  descriptions: string[];
  capacity: [number, number];
  /** Square metres per person at full capacity. */
  sqmPerPerson: [number, number];
  features: RoomFeature[];
  /** Each of these is present with a fair chance. */
  optionalFeatures: RoomFeature[];
  /** Large halls tend to have an induction loop; small rooms rarely. */
  hearingLoopChance: number;
  /** Typical hourly price in cents where the venue charges; halls cost more. */
  hourlyCents: number;
}

export const ROOM_KINDS = {
  hall: {
    names: ['Großer Saal', 'Festsaal', 'Bürgersaal', 'Saal'],
    descriptions: [
      'Großer, heller Saal für Feste, Versammlungen und Aufführungen. Mit Bühne, Tonanlage und einer angrenzenden Küche zum Ausgeben von Speisen.',
      'Unser Saal bietet Platz für Feiern, Vorträge und Kulturabende. Tische und Stühle sind vorhanden, die Küche nebenan kann mitgebucht werden.',
      'Vielseitiger Veranstaltungsraum mit Parkettboden, Beamer und Leinwand. Ideal für Infoabende, Konzerte und interkulturelle Feste.',
    ],
    capacity: [60, 200],
    sqmPerPerson: [1.1, 1.6],
    features: ['chairs', 'tables', 'sound_system'],
    optionalFeatures: [
      'stage',
      'projector',
      'screen',
      'microphone',
      'kitchen',
      'piano',
      'wifi',
      'daylight',
      'storage',
    ],
    hearingLoopChance: 0.4,
    hourlyCents: 2500,
  },
  parishHall: {
    names: ['Gemeindesaal', 'Pfarrsaal'],
    descriptions: [
      'Gemeindesaal mit Klavier und Küche. Gern genutzt für Chorproben, Kaffeenachmittage und Familienfeiern.',
      'Freundlicher Saal im Erdgeschoss des Gemeindehauses, mit großer Küche und Geschirr für 80 Personen.',
      'Der Saal eignet sich für Treffen, Seminare und Feiern. Bitte nach der Nutzung Tische und Stühle wieder aufräumen.',
    ],
    capacity: [40, 120],
    sqmPerPerson: [1.2, 1.8],
    features: ['chairs', 'tables'],
    optionalFeatures: [
      'piano',
      'kitchen',
      'stage',
      'projector',
      'screen',
      'garden',
      'wifi',
      'daylight',
    ],
    hearingLoopChance: 0.3,
    hourlyCents: 1500,
  },
  groupRoom: {
    names: ['Gruppenraum', 'Kleiner Saal', 'Vereinsraum', 'Clubraum'],
    descriptions: [
      'Gemütlicher Gruppenraum für Treffen, Sprachkurse und Beratungen. Mit Flipchart und Whiteboard.',
      'Kleiner Raum für Arbeitsgruppen und Vorstandssitzungen, mit Tageslicht und WLAN.',
      'Heller Raum im ersten Stock, gut geeignet für Elterncafés, Hausaufgabenhilfe und Gesprächskreise.',
    ],
    capacity: [8, 30],
    sqmPerPerson: [1.8, 3],
    features: ['tables', 'chairs'],
    optionalFeatures: ['flipchart', 'whiteboard', 'wifi', 'daylight', 'tea_kitchen', 'storage'],
    hearingLoopChance: 0.05,
    hourlyCents: 800,
  },
  seminar: {
    names: ['Seminarraum', 'Schulungsraum', 'Medienraum'],
    descriptions: [
      'Seminarraum mit Beamer, Leinwand und WLAN, für Schulungen, Workshops und Sprachkurse.',
      'Moderner Schulungsraum mit Videokonferenz-Technik: auch für hybride Treffen geeignet.',
      'Ruhiger Raum für Fortbildungen und Kurse, mit Whiteboard, Flipchart und Verdunkelung.',
    ],
    capacity: [12, 40],
    sqmPerPerson: [1.8, 2.6],
    features: ['tables', 'chairs', 'projector', 'wifi'],
    optionalFeatures: [
      'screen',
      'whiteboard',
      'flipchart',
      'video_conferencing',
      'blackout',
      'daylight',
    ],
    hearingLoopChance: 0.15,
    hourlyCents: 1000,
  },
  kitchen: {
    names: ['Lehrküche', 'Gemeinschaftsküche', 'Küche'],
    descriptions: [
      'Voll ausgestattete Küche mit sechs Kochstellen, zwei Backöfen und Spülmaschine – ideal für Kochkurse und gemeinsames Kochen.',
      'Große Küche mit Esstisch für 16 Personen. Beliebt für interkulturelle Kochabende und Backnachmittage.',
      'Lehrküche mit Kochinseln und Geschirr. Lebensmittel bitte selbst mitbringen, die Küche wird sauber übergeben.',
    ],
    capacity: [8, 20],
    sqmPerPerson: [2.5, 4],
    features: ['kitchen', 'tables', 'chairs'],
    optionalFeatures: ['daylight', 'storage', 'wifi'],
    hearingLoopChance: 0,
    hourlyCents: 1200,
  },
  cafe: {
    names: ['Begegnungscafé', 'Café', 'Foyer'],
    descriptions: [
      'Offenes Café mit Teeküche und Blick in den Garten. Schön für Sprachcafés und Nachbarschaftstreffen.',
      'Einladendes Foyer mit Bistrotischen und Teeküche, für Empfänge, Ausstellungen und Begegnungen.',
    ],
    capacity: [20, 50],
    sqmPerPerson: [1.5, 2.2],
    features: ['tea_kitchen', 'tables', 'chairs'],
    optionalFeatures: ['garden', 'wifi', 'daylight', 'sound_system'],
    hearingLoopChance: 0.1,
    hourlyCents: 1000,
  },
  youth: {
    names: ['Jugendraum', 'Jugendkeller', 'Offener Treff'],
    descriptions: [
      'Jugendraum mit Sofaecke, Musikanlage und Tischkicker. Für Jugendgruppen und Feiern bis 22 Uhr.',
      'Großer Raum im Untergeschoss mit Tonanlage und Teeküche – für Jugendarbeit, Proben und Partys.',
    ],
    capacity: [15, 40],
    sqmPerPerson: [1.6, 2.5],
    features: ['sound_system', 'chairs'],
    optionalFeatures: ['tea_kitchen', 'wifi', 'tables', 'projector', 'storage'],
    hearingLoopChance: 0,
    hourlyCents: 800,
  },
  music: {
    names: ['Musikraum', 'Bandraum', 'Proberaum'],
    descriptions: [
      'Schallgedämmter Musikraum mit Flügel und Notenständern, gut für Chor- und Ensembleproben.',
      'Proberaum mit Schlagzeug, Verstärkern und Mikrofonen. Eigene Instrumente sind willkommen.',
    ],
    capacity: [8, 30],
    sqmPerPerson: [2, 3],
    features: ['piano', 'chairs'],
    optionalFeatures: ['sound_system', 'microphone', 'storage', 'blackout'],
    hearingLoopChance: 0.05,
    hourlyCents: 1000,
  },
  movement: {
    names: ['Bewegungsraum', 'Gymnastikraum', 'Tanzraum'],
    descriptions: [
      'Bewegungsraum mit Schwingboden, Spiegelwand und Musikanlage, für Tanz, Yoga und Gymnastik.',
      'Heller Raum mit Matten und Umkleide – für Frauensport, Kindertanz und Selbstverteidigungskurse.',
    ],
    capacity: [12, 35],
    sqmPerPerson: [3, 4.5],
    features: ['dance_floor', 'sound_system'],
    optionalFeatures: ['sports_equipment', 'changing_room', 'daylight', 'storage'],
    hearingLoopChance: 0,
    hourlyCents: 1500,
  },
  gym: {
    names: ['Turnhalle', 'Sporthalle'],
    descriptions: [
      'Einfach-Turnhalle mit Umkleiden und Duschen. Geräte nach Absprache mit dem Hausmeister.',
      'Sporthalle für Ballsport, Kinderturnen und Sportfeste, mit Geräteraum und Umkleiden.',
    ],
    capacity: [30, 100],
    sqmPerPerson: [4, 6],
    features: ['sports_equipment', 'changing_room'],
    optionalFeatures: ['sound_system', 'storage', 'parking'],
    hearingLoopChance: 0,
    hourlyCents: 2000,
  },
  meeting: {
    names: ['Besprechungsraum', 'Beratungsraum', 'Büro'],
    descriptions: [
      'Kleiner, ruhiger Raum für Beratungsgespräche und Vorstandssitzungen. Vertraulichkeit ist gewährleistet.',
      'Besprechungsraum mit Bildschirm und Videokonferenz-Technik für kleine Teams.',
    ],
    capacity: [4, 12],
    sqmPerPerson: [2.5, 4],
    features: ['tables', 'chairs'],
    optionalFeatures: ['video_conferencing', 'whiteboard', 'wifi', 'screen', 'daylight'],
    hearingLoopChance: 0.05,
    hourlyCents: 600,
  },
  workshop: {
    names: ['Werkraum', 'Atelier', 'Kreativraum'],
    descriptions: [
      'Werkraum mit großen Arbeitstischen, Waschbecken und Stauraum – für Näh-, Mal- und Bastelgruppen.',
      'Lichtdurchflutetes Atelier für Kreativkurse. Materialien können im Schrank gelagert werden.',
    ],
    capacity: [8, 20],
    sqmPerPerson: [2.5, 4],
    features: ['tables', 'storage'],
    optionalFeatures: ['daylight', 'chairs', 'tea_kitchen'],
    hearingLoopChance: 0,
    hourlyCents: 800,
  },
  family: {
    names: ['Eltern-Kind-Raum', 'Familienraum', 'Spielzimmer'],
    descriptions: [
      'Familienraum mit Spielecke, Wickeltisch und Teeküche. Für Krabbelgruppen und Elterncafés.',
      'Freundlicher Raum mit Kinderecke und Zugang zum Garten – Eltern können sich austauschen, die Kinder spielen.',
    ],
    capacity: [8, 25],
    sqmPerPerson: [2, 3],
    features: ['childcare_corner', 'chairs'],
    optionalFeatures: ['tea_kitchen', 'garden', 'daylight', 'tables'],
    hearingLoopChance: 0,
    hourlyCents: 600,
  },
  quiet: {
    names: ['Raum der Stille', 'Gebetsraum'],
    descriptions: [
      'Ruhiger Raum mit Teppichen und Sitzkissen, für Gebet, Meditation und stille Einkehr.',
      'Raum der Stille für Menschen aller Religionen. Schuhe bitte vor der Tür ausziehen.',
    ],
    capacity: [10, 40],
    sqmPerPerson: [1.2, 2],
    features: ['prayer_space'],
    optionalFeatures: ['daylight', 'storage'],
    hearingLoopChance: 0,
    hourlyCents: 0,
  },
  cellar: {
    names: ['Gewölbekeller'],
    descriptions: [
      'Historischer Gewölbekeller mit besonderer Atmosphäre, für Lesungen, Konzerte und Erzählcafés. Nur über eine Treppe erreichbar.',
    ],
    capacity: [25, 60],
    sqmPerPerson: [1.2, 1.6],
    features: ['chairs', 'blackout'],
    optionalFeatures: ['sound_system', 'microphone', 'stage', 'tables'],
    hearingLoopChance: 0,
    hourlyCents: 1500,
  },
} satisfies Record<string, RoomKind>;

export type RoomKindKey = keyof typeof ROOM_KINDS;
