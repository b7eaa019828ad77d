// The holder page's words (R16), one JSON file per language in holder-texts/, the same eight
// languages as the lookup page. The verdict itself is the lookup's own headline (texts/), so the
// holder reads exactly what a verifier reads.

import ar from './holder-texts/ar.json' with { type: 'json' };
import en from './holder-texts/en.json' with { type: 'json' };
import fa from './holder-texts/fa.json' with { type: 'json' };
import ru from './holder-texts/ru.json' with { type: 'json' };
import so from './holder-texts/so.json' with { type: 'json' };
import sv from './holder-texts/sv.json' with { type: 'json' };
import ti from './holder-texts/ti.json' with { type: 'json' };
import uk from './holder-texts/uk.json' with { type: 'json' };
import type { PageLanguage } from './texts.ts';

export type HolderTexts = typeof sv;

export const HOLDER_TEXTS: Record<PageLanguage, HolderTexts> = { sv, en, ar, fa, ti, so, uk, ru };
