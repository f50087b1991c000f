import { describe, expect, it } from 'vitest';
import { CLUSTER_WINDOW_HOURS, type ClusterCandidate, chooseCluster, MIN_SHARED_KEYS, titleWords } from './cluster.js';
import { matchingKey, storyKeys } from './story.js';

interface Fixture {
  language: string;
  publishedAt: string;
  title: string;
  text: string;
}

const article = ({ language, publishedAt, title, text }: Fixture) => ({
  language,
  publishedAt: new Date(publishedAt),
  title,
  keys: [...storyKeys(title, text, language)],
});
const candidate = (fixture: Fixture, articleId: number, clusterId: number): ClusterCandidate => ({ ...article(fixture), articleId, clusterId });

// A fictional event and its reports; all text written for this test.
const bridgeEn: Fixture = {
  language: 'en',
  publishedAt: '2026-03-14T08:00:00Z',
  title: 'Bridge collapse in Tarnowa kills 7, dozens injured',
  text:
    'TARNOWA — A road bridge over the Wisła collapsed in the Polish town of Tarnowa on 14 March, killing 7 people and injuring 38, the regional governor Marek Zielinski said.\n' +
    'The 240-metre bridge, built in 1974, carried about 12,500 vehicles a day. Rescuers from Krakow pulled 19 people from the river, and the search continued into the evening.\n' +
    'Governor Zielinski said an inspection in 2023 had found corrosion and that prosecutors had opened an investigation.',
};
const bridgeDe: Fixture = {
  language: 'de',
  publishedAt: '2026-03-14T11:30:00Z',
  title: 'Brückeneinsturz in Tarnowa: sieben Tote',
  text:
    'In der polnischen Stadt Tarnowa ist am 14. März eine Straßenbrücke über die Wisła eingestürzt. Sieben Menschen kamen ums Leben, 38 wurden verletzt, wie der Regionalgouverneur Marek Zieliński mitteilte.\n' +
    'Die 240 Meter lange Brücke aus dem Jahr 1974 wurde täglich von rund 12.500 Fahrzeugen befahren. Retter aus Krakau zogen 19 Menschen aus dem Fluss.\n' +
    'Nach Angaben von Zieliński hatte eine Inspektion im Jahr 2023 Korrosion festgestellt; die Staatsanwaltschaft ermittelt.',
};
const bridgeUpdate: Fixture = {
  language: 'en',
  publishedAt: '2026-03-15T06:00:00Z',
  title: 'Tarnowa bridge collapse death toll rises to 9',
  text:
    'TARNOWA — The death toll from the collapse of a road bridge in the Polish town of Tarnowa rose to 9 on Sunday after two of the 38 injured died in hospital, governor Marek Zielinski said.\n' +
    'The 240-metre bridge, built in 1974, fell into the Wisła on 14 March. Prosecutors detained two engineers of the company that inspected it in 2023 and found corrosion.\n' +
    'Rescuers said all 19 people pulled from the river had been accounted for.',
};
// Same topic (a bridge collapse), different place, numbers and dates.
const otherBridge: Fixture = {
  language: 'en',
  publishedAt: '2026-03-16T09:00:00Z',
  title: 'Bridge collapse in Ostrava region leaves 3 dead',
  text:
    'OSTRAVA — A rail bridge collapsed near the Czech city of Ostrava on 16 March, killing 3 workers and injuring 11, the regional fire service said.\n' +
    'The 85-metre bridge, built in 1958, was being renovated. Firefighters from Olomouc searched the site through the night, and the line to Brno was closed.\n' +
    'Transport minister Petra Horakova said an inquiry would report within 30 days.',
};

describe('chooseCluster', () => {
  it('has a time window and a minimum of shared keys for the DB step', () => {
    expect(CLUSTER_WINDOW_HOURS).toBeGreaterThanOrEqual(72);
    expect(MIN_SHARED_KEYS).toBeGreaterThanOrEqual(1);
  });

  it('joins the same event reported in another language', () => {
    const decision = chooseCluster(article(bridgeDe), [candidate(bridgeEn, 1, 10)]);
    expect(decision.clusterId).toBe(10);
    expect(decision.reason).toMatch(/cross-language/);
  });

  it('joins an update hours later in the same language', () => {
    const decision = chooseCluster(article(bridgeUpdate), [candidate(bridgeEn, 1, 10), candidate(bridgeDe, 2, 10)]);
    expect(decision.clusterId).toBe(10);
  });

  it('keeps a different event on the same topic apart', () => {
    const decision = chooseCluster(article(otherBridge), [candidate(bridgeEn, 1, 10), candidate(bridgeDe, 2, 10), candidate(bridgeUpdate, 3, 10)]);
    expect(decision.clusterId).toBeNull();
    expect(decision.score).toBeLessThan(0.15);
  });

  it('picks the cluster of the best match among several', () => {
    const decision = chooseCluster(article(bridgeDe), [candidate(otherBridge, 4, 20), candidate(bridgeEn, 1, 10)]);
    expect(decision.clusterId).toBe(10);
  });

  it("counts a story's own members apart when it weighs how common a key is", () => {
    // Four hundred articles carry each of the German report's keys. As members of the candidate's own story (a
    // story told many times) they leave the evidence whole; spread over other stories of the window, they
    // make every key common, and too little evidence is left to join.
    const reported = article(bridgeDe);
    const carriedBy = (clusterId: number) => new Map(reported.keys.map((key) => [matchingKey(key), new Map([[clusterId, 400]])]));
    const inItsStory = chooseCluster({ ...reported, keyFrequency: carriedBy(10) }, [candidate(bridgeEn, 1, 10)]);
    expect(inItsStory.clusterId).toBe(10);
    const elsewhere = chooseCluster({ ...reported, keyFrequency: carriedBy(99) }, [candidate(bridgeEn, 1, 10)]);
    expect(elsewhere.clusterId).toBeNull();
    expect(elsewhere.reason).toMatch(/too little shared evidence/);
  });

  it('lets an article with little evidence join when it shares most of it, not when it shares a part', () => {
    const story = (keys: string[]): ClusterCandidate => ({ articleId: 1, clusterId: 10, language: 'en', publishedAt: null, keys });
    const candidate = story(['w:pdr', 'w:rnk', 'c:AO', 'w:rnd', 'w:nstr', 'w:prsdn', 'n:1974']);
    // Two names and a country (2.5), all shared: less than minSharedWeight, but all it has.
    const short = chooseCluster({ language: 'zh', publishedAt: null, keys: ['w:pdr', 'w:rnk', 'c:AO'] }, [candidate]);
    expect(short.clusterId).toBe(10);
    // The same three shared by an article with a number of its own: a part of its evidence, below the minimum.
    const partial = chooseCluster({ language: 'zh', publishedAt: null, keys: ['w:pdr', 'w:rnk', 'c:AO', 'n:2021'] }, [candidate]);
    expect(partial.clusterId).toBeNull();
    expect(partial.reason).toMatch(/too little shared evidence/);
  });

  it('starts a new cluster without candidates', () => {
    expect(chooseCluster(article(bridgeEn), [])).toEqual({ clusterId: null, score: 0, reason: 'no candidates', merge: [] });
  });

  it('starts a new cluster when nothing is known about the article', () => {
    const decision = chooseCluster({ language: null, publishedAt: null, keys: [] }, [candidate(bridgeEn, 1, 10)]);
    expect(decision.clusterId).toBeNull();
  });
});

describe('titleWords', () => {
  it('keeps content words as stems and CJK bigrams', () => {
    expect([...titleWords('The bridge collapse in Tarnowa')]).toEqual(['bridg', 'colla', 'tarno']);
    expect([...titleWords('大桥坍塌')]).toEqual(['大桥', '桥坍', '坍塌']);
    expect(titleWords(null).size).toBe(0);
  });
});
