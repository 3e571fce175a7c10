import { describe, expect, it } from 'vitest';
import { highlightMentions } from '#app/groups/mention-html.server.ts';
import { findMentionedUserIds, mentionMatcher } from '#app/groups/mentions.ts';

const members = [
  { userId: 'anna', name: 'Anna Lindqvist' },
  { userId: 'anna-berg', name: 'Anna Lindqvist Berg' },
  { userId: 'bo', name: 'Bo Ek' },
  { userId: 'asa', name: 'Åsa Öberg-Nilsson' },
  { userId: 'rx', name: 'Re(gex) Fan*' },
];

const mentioned = (text: string) => findMentionedUserIds(text, members).sort();

describe('finding @mentions', () => {
  it.each([
    ['Hej @Anna Lindqvist, kan du kolla?', ['anna']],
    ['@anna lindqvist och @BO EK', ['anna', 'bo']],
    ['Fråga @Anna Lindqvist Berg om det', ['anna-berg']],
    ['@Åsa Öberg-Nilsson! och @åsa öberg-nilsson', ['asa']],
    ['Två mellanslag: @Anna  Lindqvist.', ['anna']],
    ['@Re(gex) Fan* och @Re', ['rx']],
    ['anna@Anna Lindqvist.se är en adress', []],
    ['@Anna Lindqvistsson är någon annan', []],
    ['Anna Lindqvist utan snabel-a', []],
    ['@Anna\nLindqvist över två rader', []],
    ['@Bo Ek\n@Bo Ek', ['bo']],
  ])('%j → %j', (text, expected) => {
    expect(mentioned(text)).toEqual(expected);
  });

  it('matches composed and decomposed letters alike', () => {
    expect(mentioned('@A\u030Asa O\u0308berg-Nilsson')).toEqual(['asa']);
  });

  it('reports positions, the longest name winning', () => {
    const text = 'x @Anna Lindqvist Berg y @Anna Lindqvist';
    expect(mentionMatcher(members).find(text).map((m) => [text.slice(m.start, m.end), m.userIds])).toEqual([
      ['@Anna Lindqvist Berg', ['anna-berg']],
      ['@Anna Lindqvist', ['anna']],
    ]);
  });

  it('mentions everyone who shares a name, and ignores names without letters', () => {
    const twins = [
      { userId: 'a', name: 'Kim Svensson' },
      { userId: 'b', name: 'kim  svensson' },
      { userId: 'c', name: '  ' },
    ];
    expect(findMentionedUserIds('@Kim Svensson @ ', twins).sort()).toEqual(['a', 'b']);
    expect(findMentionedUserIds('@', [])).toEqual([]);
  });
});

describe('highlighting @mentions in HTML', () => {
  it('wraps mentions in text nodes, keeping the markup around them', () => {
    const html = '<p>Hej <em>@Anna Lindqvist</em> och @Bo Ek!</p><p><a href="https://x.se" rel="noopener noreferrer nofollow">@Bo Ek</a></p>';
    expect(highlightMentions(html, members)).toBe(
      '<p>Hej <em><strong class="mention">@Anna Lindqvist</strong></em> och <strong class="mention">@Bo Ek</strong>!</p>' +
        '<p><a href="https://x.se" rel="noopener noreferrer nofollow"><strong class="mention">@Bo Ek</strong></a></p>',
    );
  });

  it('never turns a name into markup', () => {
    const evil = [{ userId: 'x', name: '<img src=x onerror=alert(1)>' }];
    const html = '<p>@&lt;img src=x onerror=alert(1)&gt; hej</p>';
    const out = highlightMentions(html, evil);
    expect(out).toBe('<p><strong class="mention">@&lt;img src=x onerror=alert(1)&gt;</strong> hej</p>');
    expect(out).not.toContain('<img');
  });

  it('leaves HTML without mentions untouched', () => {
    const html = '<p>Inget här, bara e-post: anna@example.se &amp; mer</p>';
    expect(highlightMentions(html, members)).toBe(html);
    expect(highlightMentions('<p>@Okänd Person</p>', members)).toBe('<p>@Okänd Person</p>');
  });
});
