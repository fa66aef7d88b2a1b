/**
 * Common given names in English, French, German, Spanish, Italian, Portuguese and Dutch, for
 * recognising person names in sampled values. Names that are also everyday words, colours, months,
 * places or brands (Rose, Amber, Ruby, June, Paris, Mercedes, Will, Mark...) are left out on
 * purpose: a product called "Ruby Red Mug" must not look like a person.
 */
const GIVEN_NAMES = `
aaron abigail adam adrian adriana agnes aidan alain alan albert alberto alejandro alessandra
alessandro alex alexander alexandra alexandre alexis alfonso alfred alice alicia alina alison
amanda amelia ana andrea andreas andrew andré angela angelica anna anne annette anthony antoine
antonio arnaud arthur astrid aurélie barbara beatriz benjamin bernard bertrand bianca brian
bruno camille carla carlos carlo carolina caroline catherine cecilia cédric charles charlotte
chiara christina christine christophe christopher claire clara claude claudia daniel daniela
david deborah denis diana diego dimitri dominique dorothy edward elena elisa elisabeth elizabeth
ellen emily emma emmanuel enrique eric erik esther eva fabian fabio federica federico felipe
fernanda fernando filipe florian francesca francesco francisco françois frédéric gabriel
gabriela gabrielle george gerhard giovanni giulia giuseppe gonzalo grégoire guillaume günter
hannah hans harry heinrich helena helga henri henrik hugo ines irene isabel isabella isabelle
jacob jacques jakob james jan jana jane janet jannik javier jean jeanne jennifer jens jeremy
jérôme jessica joana joanna joao joaquim johan johanna johannes john jonas jonathan jorge josé
joseph josephine juan julia julian julie julien jürgen karen karin karl katarina katharina
kathleen katrin kevin klaus lara laura laurent lea leonardo leonie liam linda lisa lorenzo
louis louise luca lucas lucia luis luisa lukas madeleine magdalena manuel manuela marc marcel
marco marcus margaret margarida maria mariana marie marina mario marion marta martin martina
mathieu matteo matthew matthias maximilian melanie michael michel michelle miguel monika
nathalie nicolas nicole niklas nina noah noémie oliver olivia oscar pablo paolo pascal patricia
patrick paul paula paulo pedro peter petra philippe pierre pieter rafael raphael rebecca renate
richard ricardo robert roberta roberto rodrigo roland rosa rui ruth sabine samuel sandra sara
sarah sebastian sébastien sergio silvia simon simone sofia sophie stefan stefano stéphane
stephanie steven susan susanne sven sylvie teresa thierry thomas tiago timothy tobias ursula
valentina valérie vanessa vera veronica vincent virginie walter william wolfgang xavier yannick
yvonne zoé
`;

const NAMES = new Set(GIVEN_NAMES.split(/\s+/).filter(Boolean).map(normalizeName));

/** Lower case without accents: `Zoé` → `zoe`. */
export function normalizeName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether `word` is a common given name (any case, accents optional). */
export function isGivenName(word: string): boolean {
  return NAMES.has(normalizeName(word));
}
