/**
 * Heidelberg's fifteen districts with their postal codes and a few of their streets. The
 * demo venues sit at plausible addresses; the house numbers are made up.
 */
export interface District {
  name: string;
  postalCodes: string[];
  streets: string[];
}

export const CITY = 'Heidelberg';

export const DISTRICTS: readonly District[] = [
  {
    name: 'Altstadt',
    postalCodes: ['69117'],
    streets: [
      'Hauptstraße',
      'Plöck',
      'Untere Straße',
      'Heiliggeiststraße',
      'Ingrimstraße',
      'Marstallstraße',
      'Kettengasse',
      'Theaterstraße',
    ],
  },
  {
    name: 'Bergheim',
    postalCodes: ['69115'],
    streets: [
      'Bergheimer Straße',
      'Alte Glockengießerei',
      'Thibautstraße',
      'Mittermaierstraße',
      'Vangerowstraße',
      'Poststraße',
      'Kirchstraße',
    ],
  },
  {
    name: 'Weststadt',
    postalCodes: ['69115'],
    streets: [
      'Römerstraße',
      'Kaiserstraße',
      'Blumenstraße',
      'Dantestraße',
      'Bunsenstraße',
      'Landhausstraße',
      'Franz-Knauff-Straße',
    ],
  },
  {
    name: 'Südstadt',
    postalCodes: ['69126', '69115'],
    streets: [
      'Rheinstraße',
      'Kirschgartenstraße',
      'Feuerbachstraße',
      'Sickingenstraße',
      'Zähringerstraße',
      'Rohrbacher Straße',
    ],
  },
  {
    name: 'Handschuhsheim',
    postalCodes: ['69121'],
    streets: [
      'Dossenheimer Landstraße',
      'Handschuhsheimer Landstraße',
      'Steubenstraße',
      'Mühltalstraße',
      'Pfarrgasse',
      'Kriegsstraße',
      'Steinweg',
    ],
  },
  {
    name: 'Neuenheim',
    postalCodes: ['69120'],
    streets: [
      'Brückenstraße',
      'Ladenburger Straße',
      'Uferstraße',
      'Lutherstraße',
      'Mönchhofstraße',
      'Schröderstraße',
      'Quinckestraße',
    ],
  },
  {
    name: 'Wieblingen',
    postalCodes: ['69123'],
    streets: [
      'Mannheimer Straße',
      'Klostergasse',
      'Maaßstraße',
      'Schusterstraße',
      'Wundtstraße',
      'Dielheimer Straße',
    ],
  },
  {
    name: 'Pfaffengrund',
    postalCodes: ['69123'],
    streets: [
      'Eppelheimer Straße',
      'Marktstraße',
      'Kranichweg',
      'Schwalbenweg',
      'Im Buschgewann',
      'Am Gäulschlag',
    ],
  },
  {
    name: 'Kirchheim',
    postalCodes: ['69124'],
    streets: [
      'Hegenichstraße',
      'Schwetzinger Straße',
      'Pleikartsförster Straße',
      'Oberdorfstraße',
      'Heuauer Weg',
      'Bürgerstraße',
    ],
  },
  {
    name: 'Rohrbach',
    postalCodes: ['69126'],
    streets: [
      'Rathausstraße',
      'Karlsruher Straße',
      'Heinrich-Fuchs-Straße',
      'Amalienstraße',
      'Leimer Straße',
      'Baden-Badener Straße',
    ],
  },
  {
    name: 'Emmertsgrund',
    postalCodes: ['69126'],
    streets: ['Forum', 'Emmertsgrundpassage', 'Otto-Hahn-Straße', 'Jellinekstraße', 'Mombertplatz'],
  },
  {
    name: 'Boxberg',
    postalCodes: ['69126'],
    streets: ['Boxbergring', 'Am Waldrand', 'Buchwaldweg', 'Im Eichwald'],
  },
  {
    name: 'Ziegelhausen',
    postalCodes: ['69118'],
    streets: [
      'Kleingemünder Straße',
      'Peterstaler Straße',
      'In der Neckarhelle',
      'Brahmsstraße',
      'Schönauer Straße',
    ],
  },
  {
    name: 'Schlierbach',
    postalCodes: ['69118'],
    streets: ['Schlierbacher Landstraße', 'Wolfsbrunnensteige', 'Mittelgewannweg', 'Im Grund'],
  },
  {
    name: 'Bahnstadt',
    postalCodes: ['69115', '69123'],
    streets: [
      'Gadamerplatz',
      'Grüne Meile',
      'Langer Anger',
      'Czernyring',
      'Da-Vinci-Straße',
      'Marie-Baum-Straße',
      'Pfaffengrunder Terrasse',
    ],
  },
];

export const DISTRICT_NAMES: readonly string[] = DISTRICTS.map((district) => district.name);

export function district(name: string): District {
  const found = DISTRICTS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`Unknown district ${name}`);
  return found;
}
