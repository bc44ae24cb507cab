import type { Prng } from '../prng.js';
import { europeans } from './belgium.js';
import { digits, words, type CountryProfile, type NamePool, type Place } from './country.js';

/**
 * Lithuania (the demo node's country): Lithuanian names with the female surname forms (-ienė when married,
 * -aitė/-ytė/-ūtė when not), and the Polish and Russian minorities, strongest in Vilnius, Klaipėda and
 * Visaginas.
 */

const lithuanianEndings: readonly (readonly [string, string, string])[] = [
  ['ius', 'ienė', 'iūtė'],
  ['as', 'ienė', 'aitė'],
  ['ys', 'ienė', 'ytė'],
  ['is', 'ienė', 'ytė'],
  ['us', 'ienė', 'ūtė'],
];

const lithuanian: NamePool = {
  surnames: words(
    'Kazlauskas|Jankauskas|Petrauskas|Stankevičius|Vasiliauskas|Žukauskas|Butkus|Paulauskas|Urbonas|Kavaliauskas|Navickas|Ramanauskas|Savickas|Rimkus|Baranauskas|Adomaitis|Mikalauskas|Vaitkus|Pocius|Sakalauskas|Černiauskas|Jakubauskas|Kairys|Lukoševičius|Vitkus|Šimkus|Bagdonas|Gudelis|Kučinskas|Balčiūnas|Žemaitis|Mockus|Jonaitis|Kraujelis|Dambrauskas',
  ),
  given: {
    female: words(
      'Ona|Janina|Irena|Rūta|Laura|Ieva|Gabija|Emilija|Austėja|Kotryna|Jurgita|Rasa|Vilma|Dalia|Birutė|Aldona|Genovaitė|Inga|Giedrė|Eglė|Agnė|Greta|Ugnė|Jolanta|Danutė|Lina|Vaida',
    ),
    male: words(
      'Jonas|Tomas|Mantas|Lukas|Matas|Paulius|Andrius|Darius|Vytautas|Antanas|Algirdas|Mindaugas|Rimantas|Kęstutis|Žygimantas|Gintaras|Saulius|Dainius|Arūnas|Povilas|Domas|Kajus|Nojus|Marius|Rokas|Vidmantas',
    ),
  },
  feminine: (surname, married) => {
    for (const [ending, wife, daughter] of lithuanianEndings) {
      if (surname.endsWith(ending)) return surname.slice(0, -ending.length) + (married ? wife : daughter);
    }
    return surname;
  },
};

const polish: NamePool = {
  surnames: words(
    'Kowalski|Wiśniewski|Sadowski|Jankowski|Wojciechowski|Sienkiewicz|Zieliński|Kamiński|Mickiewicz|Szymański|Nowicki|Rudnicki|Bogdanowicz|Pietkiewicz',
  ),
  given: {
    female: words('Anna|Maria|Krystyna|Halina|Jadwiga|Teresa|Barbara|Agnieszka|Joanna|Monika|Irena|Wanda'),
    male: words('Jan|Józef|Stanisław|Tadeusz|Ryszard|Krzysztof|Marek|Piotr|Andrzej|Tomasz|Czesław|Zbigniew'),
  },
  feminine: (surname) => (/(ski|cki|dzki)$/.test(surname) ? `${surname.slice(0, -1)}a` : surname),
};

const russian: NamePool = {
  surnames: words(
    'Ivanov|Smirnov|Kuznecov|Popov|Sokolov|Volkov|Morozov|Pavlov|Fiodorov|Orlov|Vasiljev|Lebedev|Kozlov|Novikov|Solovjov|Zaicev|Golubev|Borisov',
  ),
  given: {
    female: words(
      'Olga|Tatjana|Natalija|Svetlana|Irina|Jelena|Galina|Liudmila|Anastasija|Marija|Valentina|Julija',
    ),
    male: words('Aleksandr|Sergej|Vladimir|Nikolaj|Dmitrij|Andrej|Igor|Jurij|Viktor|Michail|Oleg|Pavel'),
  },
  feminine: (surname) => (/(ov|ev|in)$/.test(surname) ? `${surname}a` : surname),
};

const streets = words(
  'Gedimino pr.|Vilniaus g.|Laisvės al.|J. Basanavičiaus g.|Maironio g.|Kauno g.|Taikos pr.|Savanorių pr.|Ukmergės g.|Žalgirio g.|Liepų g.|Mokyklos g.|Sodų g.|Vytauto g.|Dariaus ir Girėno g.|Pergalės g.|Draugystės g.|Beržų g.|Ąžuolų g.|Tilžės g.|Respublikos g.|Parko g.|Kalvarijų g.|S. Daukanto g.|Turgaus g.|Statybininkų g.|Pušų g.|Naujoji g.',
);

const place = (
  city: string,
  postal: readonly [number, number],
  area: string,
  weight: number,
  poolWeights: readonly number[] = [92, 3, 3, 2],
): Place => ({
  city,
  weight,
  area,
  streets,
  poolWeights,
  postalCode: (rng: Prng) => `LT-${String(rng.int(postal[0], postal[1])).padStart(5, '0')}`,
});

export const lithuania: CountryProfile = {
  code: 'LT',
  pools: [lithuanian, polish, russian, europeans],
  places: [
    place('Vilnius', [1001, 14999], '5', 59, [68, 16, 12, 4]),
    place('Kaunas', [44001, 52999], '37', 30),
    place('Klaipėda', [91001, 96999], '46', 16, [74, 1, 21, 4]),
    place('Šiauliai', [76001, 78999], '41', 10),
    place('Panevėžys', [35001, 37999], '45', 9),
    place('Alytus', [62001, 63999], '315', 5),
    place('Marijampolė', [68001, 69999], '343', 4),
    place('Mažeikiai', [89001, 89999], '443', 3.5),
    place('Jonava', [55001, 55999], '349', 2.6),
    place('Utena', [28001, 28999], '389', 2.5),
    place('Kėdainiai', [57001, 57999], '347', 2.3),
    place('Telšiai', [87001, 87999], '444', 2.2),
    place('Tauragė', [72001, 72999], '446', 2.1),
    place('Ukmergė', [20001, 20999], '340', 2),
    place('Visaginas', [31001, 31999], '386', 1.8, [15, 7, 75, 3]),
  ],
  // Most town dwellers live in flats: "Taikos pr. 12-34" is house 12, flat 34.
  addressLine: (rng, street) => {
    const number = rng.chance(0.85) ? rng.int(1, 60) : rng.int(61, 180);
    const flat = rng.chance(0.6) ? `-${String(rng.int(1, 90))}` : '';
    return `${street} ${String(number)}${flat}`;
  },
  // Mobiles +370 6xx xxxxx; fixed lines have 8 digits with the area code.
  phone: (rng, place, mobile) =>
    mobile
      ? `+370 6${digits(rng, 2)} ${digits(rng, 5)}`
      : `+370 ${place.area} ${String(rng.int(2, 7))}${digits(rng, 7 - place.area.length)}`,
};
