import { clusterArticle, getStory, STORY_QUIET_HOURS, storeArticle } from '@polywire/db';
import { drivers, useTestDb } from '@polywire/db/testing';
import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, urlHash } from './canonical-url.js';
import { storyClustering } from './clustering-policy.js';

// One story told three ways. The two German reports share only capitalized nouns, which in German prove
// no name (maybe-names: see storyKeys), so neither joins the other; the English report names what both
// name, with the numbers of each, and so bridges them.
const capsized = {
  title: 'Fähre Kystlinjen vor Bergen gekentert',
  text:
    'Die Fähre Kystlinjen ist am 14. März vor Bergen mit 214 Passagieren an Bord gekentert, teilte die Küstenwache mit. ' +
    'Nach Angaben von Einsatzleiterin Ingrid Solvang wurden 209 Menschen gerettet. Die Kystlinjen hatte Bergen eine Stunde ' +
    'zuvor verlassen. Rettungsboote und zwei Hubschrauber wurden in das Gebiet geschickt, während sich das Wetter am Abend verschlechterte.',
  language: 'de',
};
const halted = {
  title: 'Reederei stoppt nach Unglück vor Bergen alle Fahrten',
  text:
    'Nach dem Untergang der Kystlinjen vor Bergen hat die Reederei Nordfjordlinjen alle Fahrten eingestellt. Die Reederei ' +
    'betreibt 37 Schiffe und beschäftigt 1.850 Mitarbeiter. Einsatzleiterin Ingrid Solvang sagte, die Suche nach den ' +
    'Vermissten gehe weiter. Die Untersuchung des Unglücks werde mehrere Wochen dauern, hieß es aus Bergen.',
  language: 'de',
};
const bridge = {
  title: 'Ferry operator halts sailings after Kystlinjen capsizes off Bergen',
  text:
    'The ferry Kystlinjen capsized off Bergen on 14 March with 214 passengers on board, and coast guard chief Ingrid Solvang ' +
    'said 209 people had been rescued. The operator Nordfjordlinjen, which runs 37 ships with 1,850 staff, halted all sailings. ' +
    'Rescue boats and two helicopters were sent to the area as the weather worsened during the evening, and relatives waited ' +
    'at the terminal in Bergen for news of the people still missing.',
  language: 'en',
};

// Stored and clustered as the article worker does: storeArticle, then storyClustering → clusterArticle.
describe.each(drivers)('story clusters through the store on %s', (_name, open) => {
  const handle = useTestDb(open);
  let stored = 0;
  const start = Date.UTC(2026, 2, 14, 8);

  const storeAndCluster = async (article: { title: string; text: string; language: string }, hoursAfterStart: number) => {
    const publishedAt = new Date(start + hoursAfterStart * 3_600_000);
    const url = canonicalizeUrl(`https://site${++stored}.example/news/${stored}`);
    const { articleId } = await storeArticle(handle().db, {
      urlHash: urlHash(url),
      url,
      canonicalUrl: url,
      title: article.title,
      text: article.text,
      site: `site${stored}.example`,
      language: article.language,
      publishedAt,
    }, null);
    const { keys, policy } = await storyClustering({ ...article, publishedAt });
    return { articleId, ...(await clusterArticle(handle().db, articleId, keys, policy)) };
  };

  it('merges two clusters of one story when a later article bridges them; the absorbed id answers with the survivor', async () => {
    const first = await storeAndCluster(capsized, 0);
    const second = await storeAndCluster(halted, 1);
    expect(first.created).toBe(true);
    expect(second.created).toBe(true);
    expect(second.clusterId).not.toBe(first.clusterId);

    const third = await storeAndCluster(bridge, 2);
    // The survivor is the larger, then the older cluster: here the first.
    expect(third).toMatchObject({ clusterId: first.clusterId, created: false, merged: [second.clusterId] });

    const story = await getStory(handle().db, first.clusterId);
    const members = story!.membersByLanguage.flatMap((group) => group.members.map((member) => member.id)).sort((a, b) => a - b);
    expect(members).toEqual([first.articleId, second.articleId, third.articleId]);
    expect(story!.absorbedIds).toEqual([second.clusterId]);
    const viaAbsorbed = await getStory(handle().db, second.clusterId);
    expect(viaAbsorbed).toMatchObject({ id: first.clusterId, requestedId: second.clusterId });
  });

  it('does not join a story gone quiet: the same report after the quiet time opens a new one', async () => {
    // Another text (the same one would join as a copy of its original) with the same evidence.
    const inquiry = {
      title: 'Inquiry into Kystlinjen capsizing off Bergen begins',
      text:
        'Investigators began their inquiry into why the ferry Kystlinjen capsized off Bergen on 14 March with 214 passengers. ' +
        'Coast guard chief Ingrid Solvang repeated that 209 people had been rescued. Nordfjordlinjen, the operator with 37 ships ' +
        'and 1,850 staff, has not resumed sailings, and families in Bergen are still waiting for answers about the people missing.',
      language: 'en',
    };
    const quiet = await storeAndCluster(inquiry, 2 + STORY_QUIET_HOURS + 1);
    expect(quiet).toMatchObject({ created: true });
    // The same article while the story is live joins it.
    const live = await storeAndCluster({ ...inquiry, title: `${inquiry.title} today` }, 3);
    expect(live.created).toBe(false);
  });
});
