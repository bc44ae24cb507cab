import { digits, words, type CountryProfile, type NamePool, type Place } from './country.js';

/** Belgium: three language regions and many residents from elsewhere in the EU. */

const dutch: NamePool = {
  surnames: words(
    "Peeters|Janssens|Maes|Jacobs|Mertens|Willems|Claes|Goossens|Wouters|De Smet|Vermeulen|Van den Bossche|Hermans|Pauwels|Van Damme|De Clercq|Aerts|Smets|Verhoeven|Van Dyck|Stevens|Michiels|De Backer|Coppens|Segers|Lemmens|Verstraete|Van Acker|De Wolf|Vandenberghe|Cools|Van de Velde|Desmet|Baert|D'Hondt",
  ),
  given: {
    female: words(
      'Emma|Louise|Marie|Anna|Elise|Lotte|Sarah|Laura|Lien|Sofie|Els|Annick|Katrien|Hilde|Lieve|Martine|Griet|An|Maria|Godelieve|Mia|Lore|Julie|Femke|Ine|Ann|Veerle|Nele',
    ),
    male: words(
      'Jan|Pieter|Luc|Marc|Johan|Dirk|Koen|Tom|Bart|Wim|Jef|Stijn|Lars|Arne|Wout|Noah|Lucas|Louis|Jozef|Frans|Willy|Geert|Kris|Filip|Seppe|Jens|Ruben|Pieter-Jan',
    ),
  },
};

const french: NamePool = {
  surnames: words(
    'Dubois|Lambert|Dupont|Martin|Simon|Laurent|Leroy|Lejeune|Renard|François|Lemaire|Lecomte|Mathieu|Dumont|Leclercq|Denis|Collard|Gilles|Noël|Fontaine|Henry|Marchal|Thiry|Hubert|Rousseau|Delhaye|Dethier|Wathelet|Piron|Lefèvre',
  ),
  given: {
    female: words(
      'Camille|Léa|Chloé|Manon|Juliette|Céline|Isabelle|Nathalie|Sophie|Véronique|Françoise|Monique|Christine|Anne|Catherine|Émilie|Aurélie|Marguerite|Denise|Josée|Noémie|Marie-Christine|Ghislaine|Louise',
    ),
    male: words(
      'Jean|Pierre|Michel|Philippe|Alain|Didier|Olivier|Nicolas|Thomas|Julien|Maxime|Antoine|Hugo|Mathis|Nathan|Théo|Benoît|François|Jacques|René|André|Guy|Quentin|Sébastien|Jean-Marc',
    ),
  },
};

/** Residents from other EU countries. */
export const europeans: NamePool = {
  surnames: words(
    "Rossi|Esposito|Romano|García|Fernández|Martínez|Nowak|Kowalczyk|Wójcik|Popescu|Ionescu|Silva|Santos|Ferreira|Papadopoulos|Georgiou|Müller|Schmidt|Schneider|Novák|Horváth|Nagy|Kovács|Jansen|de Vries|Bakker|Andersson|Nielsen|Virtanen|O'Brien|Murphy|Dimitrov|Horvat|Bērziņš|Kask|Zammit|Novak|Kaczmarek|Oliveira",
  ),
  given: {
    female: words(
      'Giulia|Francesca|María|Lucía|Carmen|Agnieszka|Katarzyna|Ioana|Elena|Ana|Eleni|Hannah|Sabine|Eva|Zsófia|Jana|Ingrid|Aoife|Sofia|Małgorzata|Inês|Anneke|Kristiina',
    ),
    male: words(
      'Marco|Giuseppe|Alessandro|José|Javier|Antonio|Piotr|Tomasz|Krzysztof|Andrei|Mihai|João|Nikos|Dimitrios|Lukas|Stefan|Jonas|Matteo|Mateusz|Seán|Ferenc|Karel|Sven|Jānis',
    ),
  },
};

const streetsNl = words(
  'Kerkstraat|Stationsstraat|Dorpstraat|Molenstraat|Nieuwstraat|Schoolstraat|Kapelstraat|Beekstraat|Veldstraat|Hoogstraat|Lindenlaan|Kasteelstraat|Brugsesteenweg|Grote Markt|Leopoldlaan|Koningin Astridlaan|Sint-Jansstraat|Populierenlaan|Eikenlaan|Bergstraat|Ringlaan|Vijverstraat|Tramstraat|Zandstraat|Meersstraat|Processiestraat',
);
const streetsFr = words(
  "Rue de la Station|Rue de l'Église|Rue du Moulin|Rue Haute|Rue Neuve|Avenue des Tilleuls|Rue de la Gare|Chaussée de Bruxelles|Rue des Écoles|Rue du Château|Rue des Prés|Avenue Albert Ier|Rue Saint-Gilles|Rue de la Paix|Rue du Pont|Rue de Namur|Rue des Jardins|Rue Émile Vandervelde|Avenue de la Reine|Rue Jules Destrée|Place du Marché|Rue des Champs",
);
const streetsBrussels = [
  ...words(
    "Avenue Louise|Chaussée de Wavre|Rue Royale|Boulevard Anspach|Chaussée de Louvain|Avenue de Tervueren|Chaussée d'Alsemberg|Boulevard Lambermont|Avenue Brugmann|Rue de Flandre|Chaussée de Gand",
  ),
  ...streetsFr.slice(0, 10),
  ...streetsNl.slice(0, 4),
];

type Region = 'flanders' | 'wallonia' | 'brussels';
const regionStreets: Readonly<Record<Region, readonly string[]>> = {
  flanders: streetsNl,
  wallonia: streetsFr,
  brussels: streetsBrussels,
};
const regionPools: Readonly<Record<Region, readonly number[]>> = {
  flanders: [78, 4, 18],
  wallonia: [3, 80, 17],
  brussels: [10, 45, 45],
};

const place = (city: string, postalCode: string, region: Region, area: string, weight: number): Place => ({
  city,
  weight,
  area,
  streets: regionStreets[region],
  poolWeights: regionPools[region],
  postalCode: () => postalCode,
});

export const belgium: CountryProfile = {
  code: 'BE',
  pools: [dutch, french, europeans],
  places: [
    place('Antwerpen', '2000', 'flanders', '3', 53),
    place('Gent', '9000', 'flanders', '9', 26),
    place('Brugge', '8000', 'flanders', '50', 12),
    place('Leuven', '3000', 'flanders', '16', 10),
    place('Mechelen', '2800', 'flanders', '15', 9),
    place('Aalst', '9300', 'flanders', '53', 9),
    place('Hasselt', '3500', 'flanders', '11', 8),
    place('Kortrijk', '8500', 'flanders', '56', 8),
    place('Oostende', '8400', 'flanders', '59', 7),
    place('Sint-Niklaas', '9100', 'flanders', '3', 8),
    place('Genk', '3600', 'flanders', '89', 7),
    place('Roeselare', '8800', 'flanders', '51', 6),
    place('Turnhout', '2300', 'flanders', '14', 5),
    place('Liège', '4000', 'wallonia', '4', 20),
    place('Charleroi', '6000', 'wallonia', '71', 20),
    place('Namur', '5000', 'wallonia', '81', 11),
    place('Mons', '7000', 'wallonia', '65', 10),
    place('La Louvière', '7100', 'wallonia', '64', 8),
    place('Tournai', '7500', 'wallonia', '69', 7),
    place('Verviers', '4800', 'wallonia', '87', 6),
    place('Mouscron', '7700', 'wallonia', '56', 6),
    place('Wavre', '1300', 'wallonia', '10', 3),
    place('Arlon', '6700', 'wallonia', '63', 3),
    place('Bruxelles', '1000', 'brussels', '2', 19),
    place('Schaerbeek', '1030', 'brussels', '2', 13),
    place('Anderlecht', '1070', 'brussels', '2', 12),
    place('Ixelles', '1050', 'brussels', '2', 9),
    place('Molenbeek-Saint-Jean', '1080', 'brussels', '2', 10),
    place('Uccle', '1180', 'brussels', '2', 8),
  ],
  addressLine: (rng, street) => {
    const number = rng.chance(0.8) ? rng.int(1, 80) : rng.int(81, 260);
    const box = rng.chance(0.12)
      ? ` ${streetsNl.includes(street) ? 'bus' : 'bte'} ${String(rng.int(1, 24))}`
      : '';
    return `${street} ${String(number)}${box}`;
  },
  // Mobiles +32 4xx xx xx xx; fixed lines with one- or two-digit area codes.
  phone: (rng, place, mobile) => {
    if (mobile)
      return `+32 4${String(rng.int(60, 99))} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`;
    const first = String(rng.int(1, 9));
    return place.area.length === 1
      ? `+32 ${place.area} ${first}${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`
      : `+32 ${place.area} ${first}${digits(rng, 1)} ${digits(rng, 2)} ${digits(rng, 2)}`;
  },
};
