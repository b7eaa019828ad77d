// Nationality by its name: the stored ISO 3166-1 alpha-3 code shown in Swedish or English, the
// travel-document codes for people without a country named, and an unknown code shown as it is.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKnownNationality, nationalityName, nationalityNameSvEn } from '../../src/domain/nationality.ts';

describe('nationality names', () => {
  it('countries in Swedish and English, with the code', () => {
    assert.equal(nationalityName('sv', 'SYR'), 'Syrien (SYR)');
    assert.equal(nationalityName('en', 'SYR'), 'Syria (SYR)');
    assert.equal(nationalityName('sv', 'ERI'), 'Eritrea (ERI)');
    assert.equal(nationalityName('sv', 'AFG'), 'Afghanistan (AFG)');
    assert.equal(nationalityName('en', 'UKR'), 'Ukraine (UKR)');
    assert.equal(nationalityName('sv', 'SOM'), 'Somalia (SOM)');
    assert.equal(nationalityName('en', 'RKS'), 'Kosovo (RKS)');
  });

  it('XXA is stateless; an unknown code is shown as it is', () => {
    assert.equal(nationalityName('sv', 'XXA'), 'statslös (XXA)');
    assert.equal(nationalityName('en', 'XXA'), 'stateless (XXA)');
    assert.equal(nationalityName('sv', 'QQQ'), 'QQQ');
    assert.equal(isKnownNationality('QQQ'), false);
    assert.equal(isKnownNationality('IRQ'), true);
  });

  it('the card prints Swedish and English together, once when they are the same', () => {
    assert.equal(nationalityNameSvEn('SYR'), 'Syrien / Syria (SYR)');
    assert.equal(nationalityNameSvEn('ERI'), 'Eritrea (ERI)');
    assert.equal(nationalityNameSvEn('XXA'), 'statslös / stateless (XXA)');
    assert.equal(nationalityNameSvEn('QQQ'), 'QQQ');
  });
});
